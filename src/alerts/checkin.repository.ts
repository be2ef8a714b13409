import type { Db, Tx } from '../database.js';
import type { CheckinRow, CheckinScheduleRow } from './alert.tables.js';

export async function activeSchedule(
  db: Db | Tx,
  subject: { type: 'person' | 'movement'; id: string },
): Promise<CheckinScheduleRow | undefined> {
  return db
    .selectFrom('checkin_schedules')
    .selectAll()
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .where('active', '=', 1)
    .executeTakeFirst();
}

export async function findSchedule(db: Db | Tx, id: string): Promise<CheckinScheduleRow | undefined> {
  return db.selectFrom('checkin_schedules').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Ends the subject's active schedule, if any; returns it. */
export async function endActive(tx: Tx, subject: { type: 'person' | 'movement'; id: string }, now: string) {
  const active = await activeSchedule(tx, subject);
  if (active)
    await tx
      .updateTable('checkin_schedules')
      .set({ active: 0, updated_at: now, version: active.version + 1 })
      .where('id', '=', active.id)
      .execute();
  return active;
}

export async function insertSchedule(tx: Tx, row: CheckinScheduleRow): Promise<void> {
  await tx.insertInto('checkin_schedules').values(row).execute();
}

/** Moves a schedule on (its next deadline, its step) if it is still at `version`. */
export async function updateSchedule(
  tx: Tx,
  row: CheckinScheduleRow,
  patch: Partial<Pick<CheckinScheduleRow, 'next_due_at' | 'step'>>,
  now: string,
): Promise<boolean> {
  const result = await tx
    .updateTable('checkin_schedules')
    .set({ ...patch, updated_at: now, version: row.version + 1 })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function insertCheckin(tx: Tx, row: CheckinRow): Promise<void> {
  await tx.insertInto('checkins').values(row).execute();
}

/** A schedule's latest check-ins, newest first. */
export async function recentCheckins(db: Db, scheduleId: string, limit: number): Promise<CheckinRow[]> {
  return db
    .selectFrom('checkins')
    .selectAll()
    .where('schedule_id', '=', scheduleId)
    .orderBy('checked_in_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** A movement's checkpoint times, in order: its check-in deadlines. */
export async function checkpointTimes(db: Db, movementId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('movement_checkpoints')
    .select('planned_at')
    .where('movement_id', '=', movementId)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.planned_at);
}
