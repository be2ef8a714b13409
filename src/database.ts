import type { Kysely } from 'kysely';
import type { TxOf } from './platform/db/transaction.js';
import type { AccessTables } from './access/access.tables.js';
import type { AgreementTables } from './agreement/agreement.tables.js';
import type { AuditTables } from './audit/audit.tables.js';
import type { IncidentTables } from './incidents/incident.tables.js';
import type { RegistryTables } from './registry/registry.tables.js';
import type { SchedulerTables } from './platform/scheduler.tables.js';
import type { EventLogTables } from './platform/event-log.tables.js';
import type { DataVersionTables } from './platform/db/data-version.tables.js';
import type { RiskTables } from './risk/risk.tables.js';
import type { MovementTables } from './movements/movement.tables.js';
import type { TrackingTables } from './tracking/tracking.tables.js';
import type { AlertTables } from './alerts/alert.tables.js';
import type { RollcallTables } from './alerts/rollcall.tables.js';
import type { NotificationTables } from './alerts/notification.tables.js';

/** Every table, as Kysely sees it; each capability declares its own. */
export interface Database
  extends
    AccessTables,
    AuditTables,
    AgreementTables,
    RegistryTables,
    IncidentTables,
    RiskTables,
    MovementTables,
    TrackingTables,
    AlertTables,
    RollcallTables,
    NotificationTables,
    SchedulerTables,
    EventLogTables,
    DataVersionTables {}

export type Db = Kysely<Database>;

/** An open transaction on the database: what repository writes and the audit append take. */
export type Tx = TxOf<Database>;
