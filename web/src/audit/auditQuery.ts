import { auditActions } from '../../../src/audit/audit-actions.js';

/** The filters the address keeps, so a link shows the same entries to whoever opens it. */
export const filterNames = ['actorId', 'action', 'entityType', 'entityId', 'from', 'to'] as const;
export type FilterName = (typeof filterNames)[number];

export const entityTypes = Object.keys(auditActions).sort();
export const actions = Object.entries(auditActions).flatMap(([entity, verbs]) =>
  verbs.map((verb) => `${entity}.${verb}`),
);

/** `/audit?…` with the given values, leaving out empty ones. */
export function auditAddress(values: Partial<Record<FilterName | 'after' | 'entry', string>>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value) query.set(name, value);
  const text = query.toString();
  return text ? `/audit?${text}` : '/audit';
}

/** An ISO time as a `datetime-local` input shows it: the viewer's own clock, to the minute. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (the viewer's clock) as the ISO UTC time the API takes. */
export function fromLocalInput(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}
