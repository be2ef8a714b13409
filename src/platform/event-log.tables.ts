/** Row shape of the event log, exactly as stored. */
export interface EventLogRow {
  /** Gap-free and in commit order (see `EventLog.append`). */
  seq: number;
  name: string;
  /** JSON. */
  payload: string;
  at: string;
}

/** The one row numbering the log: the last sequence number handed out. */
export interface EventLogHeadRow {
  id: number;
  last_seq: number;
}

export interface EventLogTables {
  event_log: EventLogRow;
  event_log_head: EventLogHeadRow;
}
