import type { NoticeKind, Severity, SubjectType } from './notification.js';

export interface NotificationEvents {
  /**
   * A notice for one user, as rendered for them (their language, what the agreement shows them):
   * the stream carries it to that user only. `silent` in their quiet hours (never for an SOS).
   */
  'notification.created': {
    notificationId: string;
    userId: string;
    kind: NoticeKind;
    severity: Severity;
    title: string;
    body: string;
    subject: { type: SubjectType; id: string };
    silent: boolean;
    at: string;
  };
}
