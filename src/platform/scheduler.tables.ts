/** Row shape of the scheduled jobs table, exactly as stored. */
export interface ScheduledJobRow {
  id: string;
  kind: string;
  /** Names work that is pending at most once, such as a recurring job's next run. */
  job_key: string | null;
  /** JSON. */
  payload: string;
  due_at: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  claimed_by: string | null;
  claimed_at: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface SchedulerTables {
  scheduled_jobs: ScheduledJobRow;
}
