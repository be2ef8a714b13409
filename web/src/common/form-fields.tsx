import type { ReactNode } from 'react';
import { ApiError } from '../api/client.js';

/** A refusal of one field, by its path (`checkpoints.0.plannedAt`), with the API's message. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** Each field the API refused, by its path, with the API's message. */
export function fieldErrors(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return [];
  return Array.isArray(error.details.issues)
    ? (error.details.issues as FieldIssue[])
    : [{ field: String(error.details.field ?? ''), message: error.message }];
}

/** Renders a labelled control: `control` gets the id and, when refused, the id of its message. */
export type FieldOf = (
  name: string,
  label: string,
  control: (id: string, described?: string) => ReactNode,
  className?: string,
) => ReactNode;

/** The attributes that tie a control to its refusal. */
export const invalid = (described?: string) => ({
  'aria-invalid': described ? true : undefined,
  'aria-describedby': described,
});

/**
 * The form's fields: each named by its API path, its id under `prefix` (so tests and labels find
 * it in any language), its refusal from `problem` shown beside it.
 */
export function fieldsOf(prefix: string, problem: (field: string) => string | undefined): FieldOf {
  return (name, label, control, className = 'field') => {
    const id = `${prefix}-${name}`;
    const message = problem(name);
    return (
      <div className={message ? `${className} field-invalid` : className} key={name}>
        <label htmlFor={id}>{label}</label>
        {control(id, message ? `${id}-error` : undefined)}
        {message && (
          <span className="field-error" id={`${id}-error`}>
            {message}
          </span>
        )}
      </div>
    );
  };
}
