import { partyService } from './access/party.service.js';
import { sessionService } from './access/session.service.js';
import { tokenService } from './access/token.service.js';
import { userService } from './access/user.service.js';
import { auditService } from './audit/audit.service.js';
import type { Db } from './database.js';
import type { Clock } from './platform/clock.js';
import { type Config, keysDirOf } from './platform/config.js';

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  config: Config;
}

/** Every capability's use cases, wired to one database and clock: the HTTP app and the CLI share them. */
export function buildServices({ db, clock, config }: ServiceDeps) {
  return {
    parties: partyService({ db, clock }),
    users: userService({ db, clock }),
    sessions: sessionService({
      db,
      clock,
      settings: { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours },
    }),
    tokens: tokenService({ db, clock }),
    audit: auditService({ db, clock, keysDir: keysDirOf(config) }),
  };
}

export type Services = ReturnType<typeof buildServices>;
