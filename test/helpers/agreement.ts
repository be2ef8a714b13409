import { readFileSync } from 'node:fs';
import type { UserActor } from '../../src/access/actor.js';
import type { TestApp } from './app.js';

/** The shipped example agreement (parties ssd and cso, as in the test apps). */
export const exampleAgreement = readFileSync(
  new URL('../../docs/agreement.example.yaml', import.meta.url),
  'utf8',
);

/** The actor of a test app's user, as the services take it. */
export function actorOf(t: TestApp, who: string): UserActor {
  const user = t.users[who];
  if (!user) throw new Error(`no test user ${who}`);
  return {
    type: 'user',
    id: user.id,
    username: user.username,
    partyId: user.partyId,
    partyKind: user.partyId === 'ssd' ? 'host' : 'partner',
    roles: user.roles,
    via: 'token',
    credentialId: 'test',
    secondFactorOk: true,
  };
}

/** Proposes `source` (the example by default) and has both parties' admins sign it: it is in force. */
export async function putAgreementInForce(t: TestApp, source = exampleAgreement): Promise<number> {
  const proposed = await t.services.agreements.propose(actorOf(t, 'ssd:admin'), source);
  await t.services.agreements.sign(actorOf(t, 'ssd:admin'), proposed.version);
  const signed = await t.services.agreements.sign(actorOf(t, 'cso:admin'), proposed.version);
  if (signed.status !== 'in_force') throw new Error(`version ${proposed.version} is ${signed.status}`);
  return proposed.version;
}
