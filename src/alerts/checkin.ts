import type { AlertSeverity } from './alert.js';

/**
 * The rules of scheduled check-ins, pure (issue 13, part 3): a person or a movement must check in
 * by each deadline, every N minutes from the last check-in or at fixed times (a movement's
 * checkpoints). A missed deadline escalates in steps: a reminder at the deadline, an overdue alert
 * after a while, an emergency after longer; a check-in, late or not, ends it.
 */

/** A schedule's deadlines: a fixed list, and/or a period counted from each check-in. */
export interface CheckinPlan {
  everyMinutes: number | null;
  /** ISO times, in order. */
  deadlines: readonly string[];
}

/** The next deadline after `after`: the earliest of the next fixed one and `after` plus the period. */
export function nextDeadline(plan: CheckinPlan, after: Date): Date | null {
  const fixed = plan.deadlines.map((d) => new Date(d)).find((d) => d.getTime() > after.getTime()) ?? null;
  const periodic = plan.everyMinutes === null ? null : new Date(after.getTime() + plan.everyMinutes * 60_000);
  if (!fixed) return periodic;
  if (!periodic) return fixed;
  return fixed < periodic ? fixed : periodic;
}

/** The steps of a missed deadline, in order: each raises the alert's severity. */
export const checkinSteps = [
  { step: 1, name: 'reminder', severity: 'warning' },
  { step: 2, name: 'overdue', severity: 'alarm' },
  { step: 3, name: 'emergency', severity: 'emergency' },
] as const satisfies readonly { step: number; name: string; severity: AlertSeverity }[];

/** When each step falls due after a missed deadline, in minutes. */
export function stepDueAt(
  deadline: Date,
  step: 1 | 2 | 3,
  minutes: { overdue: number; emergency: number },
): Date {
  const after = step === 1 ? 0 : step === 2 ? minutes.overdue : minutes.emergency;
  return new Date(deadline.getTime() + after * 60_000);
}

/** Whether a check-in at `at` came after its deadline. */
export function isLate(at: Date, deadline: Date | null): boolean {
  return deadline !== null && at.getTime() > deadline.getTime();
}
