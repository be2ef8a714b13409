/**
 * Every audited action, by the kind of entity it changes. An action is `<entity>.<verb>`: the
 * entity type is always the action's first word, so the two cannot disagree.
 */
export const auditActions = {
  agreement: ['proposed', 'signed', 'withdrawn'],
  alert: ['raised', 'acknowledged', 'resolved', 'escalated'],
  audit_checkpoint: ['created', 'signed'],
  checkin_schedule: ['set', 'ended'],
  checkin: ['recorded'],
  device: ['created', 'revoked'],
  incident: ['created', 'imported', 'account_filed', 'account_revised'],
  movement: [
    'created',
    'updated',
    'submitted',
    'assessed',
    'reassessed',
    'cancelled',
    'departed',
    'arrived',
    'aborted',
    'checkpoint_passed',
    'debriefed',
    'approval_given',
    'approved',
    'rejected',
    'break_glass',
    'break_glass_reviewed',
    'escalated',
    'escort_assigned',
    'escort_withdrawn',
    'escort_accepted',
    'escort_declined',
    'readied',
  ],
  notification: ['created', 'attempted', 'preferences_set', 'reply_received'],
  party: ['created'],
  position: ['recorded', 'purged'],
  person: ['created', 'updated', 'deactivated', 'clearance_viewed'],
  rollcall: ['started', 'answered', 'corroborated', 'escalated', 'closed'],
  rollcall_pin: ['set'],
  risk_zone: ['created', 'approved', 'withdrawn'],
  site: ['created', 'updated', 'deactivated'],
  token: ['created', 'revoked'],
  unit: ['created', 'updated', 'deactivated'],
  webhook: ['created', 'deleted'],
  user: [
    'created',
    'disabled',
    'language_set',
    'password_changed',
    'password_change_failed',
    'password_reset',
    'signed_in',
    'sign_in_failed',
    'signed_out',
    'token_refused',
    'totp_enrolment_started',
    'totp_enrolled',
    'totp_secret_encrypted',
  ],
} as const;

export type AuditEntityType = keyof typeof auditActions;

export type AuditAction = {
  [E in AuditEntityType]: `${E}.${(typeof auditActions)[E][number]}`;
}[AuditEntityType];

/** The entity type an action changes: its first word. */
export function entityTypeOf(action: AuditAction): AuditEntityType {
  return action.slice(0, action.indexOf('.')) as AuditEntityType;
}
