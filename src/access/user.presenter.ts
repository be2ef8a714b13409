import type { User } from './user.repository.js';

/** What any caller may see of an account: never the password hash or the TOTP secret. */
export function presentUser(user: User) {
  return {
    id: user.id,
    partyId: user.partyId,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    personId: user.personId,
    unitId: user.unitId,
    totpEnrolled: user.totpSecretEnc !== null,
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt,
  };
}
