import { validationFailed } from '../platform/errors.js';

/** The roles of DESIGN.md; a user holds one or more within their party. */
export const roles = ['admin', 'coordinator', 'commander', 'analyst', 'observer', 'person'] as const;
export type Role = (typeof roles)[number];

/** The web app's languages: English, Simplified Chinese, Urdu. */
export const languages = ['en', 'zh', 'ur'] as const;
export type Language = (typeof languages)[number];

export type PartyKind = 'host' | 'partner';

/** A signed-in person, through a browser session or an API token. */
export interface UserActor {
  type: 'user';
  id: string;
  username: string;
  partyId: string;
  partyKind: PartyKind;
  roles: Role[];
  via: 'session' | 'token';
  /** The session or API token this request came through. */
  credentialId: string;
  /** False for an admin who has not yet enrolled TOTP: only enrolment is open to them. */
  secondFactorOk: boolean;
}

/** A phone or vehicle tracker reporting for one person or unit. */
export interface DeviceActor {
  type: 'device';
  id: string;
  partyId: string;
  partyKind: PartyKind;
  subjectType: 'person' | 'unit';
  subjectId: string;
  /** Seconds between the reports expected from it. */
  reportIntervalS: number;
}

/** The server itself or an operator at the command line; acts for one party or none. */
export interface SystemActor {
  type: 'system';
  id: string;
  partyId: string | null;
}

/** Who is asking: every service method takes one first. */
export type Actor = UserActor | DeviceActor | SystemActor;

/** The Actor of a user who came in through a session or a token. */
export function userActor(
  user: Pick<UserActor, 'id' | 'username' | 'partyId' | 'partyKind' | 'roles'>,
  via: UserActor['via'],
  credentialId: string,
  secondFactorOk: boolean,
): UserActor {
  return {
    type: 'user',
    id: user.id,
    username: user.username,
    partyId: user.partyId,
    partyKind: user.partyKind,
    roles: user.roles,
    via,
    credentialId,
    secondFactorOk,
  };
}

/** The actor of the command line: the operating-system user who ran it. */
export function cliActor(partyId: string | null = null): SystemActor {
  const user = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  return { type: 'system', id: `cli:${user}`, partyId };
}

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.type === 'user' && actor.roles.includes(role);
}

/**
 * The party a new record belongs to: the caller's own, or the one the system (the CLI, the demo
 * seed) names, since it acts for no party of its own.
 */
export function owningParty(actor: Actor, named: string | undefined, what: string): string {
  const partyId = actor.type === 'system' ? named : actor.partyId;
  if (!partyId) throw validationFailed('partyId', `Name the party the ${what} belongs to`);
  return partyId;
}
