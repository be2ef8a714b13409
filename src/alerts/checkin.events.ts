/** Check-in events (a missed one shows as alert events). */
export interface CheckinEvents {
  /** A schedule was set or ended for a person or movement. */
  'checkin.schedule_set': {
    scheduleId: string;
    subject: { type: 'person' | 'movement'; id: string };
    partyId: string;
    active: boolean;
    nextDueAt: string | null;
  };
  /** A person or movement checked in; `late` when after its deadline. */
  'checkin.recorded': {
    checkinId: string;
    scheduleId: string;
    subject: { type: 'person' | 'movement'; id: string };
    partyId: string;
    at: string;
    dueAt: string | null;
    late: boolean;
  };
}
