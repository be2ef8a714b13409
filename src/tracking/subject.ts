/** Who a device reports for: a protected person or a unit (its vehicle). */
export interface SubjectRef {
  type: 'person' | 'unit';
  id: string;
}

export function subjectKey(subject: SubjectRef): string {
  return `${subject.type}:${subject.id}`;
}
