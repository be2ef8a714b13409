import { describe, expect, it } from 'vitest';
import type { UserActor } from '../access/actor.js';
import { share } from '../agreement/share.js';
import { agreement, person as shareable } from '../../test/helpers/policy.js';
import type { Person } from './person.service.js';
import { present, presentOne, type Viewing } from './registry.presenter.js';

const viewer = (partyId: 'ssd' | 'cso' | 'cpec', role: UserActor['roles'][number]): UserActor => ({
  type: 'user',
  id: `${partyId}-${role}`,
  username: `${partyId}-${role}`,
  partyId,
  partyKind: partyId === 'ssd' ? 'host' : 'partner',
  roles: [role],
  via: 'token',
  credentialId: 'test',
  secondFactorOk: true,
});

/** The example partner person as the service returns it, with every field a getter that records its reads. */
function recordingPerson(reads: string[]): Person {
  const values: Record<string, unknown> = {
    id: 'p1',
    partyId: 'cso',
    partyKind: 'partner',
    ...shareable.fields,
    active: true,
    isDemo: false,
    createdAt: '2026-11-28T08:00:00.000Z',
    updatedAt: '2026-11-28T08:00:00.000Z',
  };
  const person = {};
  for (const [field, value] of Object.entries(values)) {
    Object.defineProperty(person, field, {
      enumerable: true,
      get: () => {
        reads.push(field);
        return value;
      },
    });
  }
  return person as Person;
}

describe('the registry presenter', () => {
  it.each([
    [{}, ['passportNumber', 'bloodGroup', 'emergencyContact']],
    [{ clearance: true }, ['bloodGroup', 'emergencyContact']],
  ])('in context %o reads none of the withheld fields %o (so none is decrypted)', (context, withheld) => {
    const reads: string[] = [];
    const viewing: Viewing = { viewer: viewer('ssd', 'coordinator'), agreement, context };
    const [shown] = present(viewing, 'person', [recordingPerson(reads)]);
    expect(shown!.withheld).toEqual([...withheld].sort());
    for (const field of withheld) expect(reads).not.toContain(field);
  });

  it.each([
    ['ssd', 'coordinator', {}],
    ['ssd', 'admin', { clearance: true }],
    ['cso', 'observer', {}],
  ] as const)('shows a %s %s in context %o what share() shows', (party, role, context) => {
    const actor = viewer(party, role);
    const viewing: Viewing = { viewer: actor, agreement, context };
    const shown = presentOne(viewing, 'person', recordingPerson([]));
    const shared = share(
      agreement,
      { partyId: party, partyKind: actor.partyKind, roles: [role] },
      'person',
      { ...shareable, location: null },
      context,
    )!;
    expect(shown).toEqual({
      id: shared.id,
      partyId: shared.partyId,
      ...shared.fields,
      location: shared.location,
      withheld: shared.withheld,
      agreementVersion: shared.agreementVersion,
    });
  });

  it('leaves out what the agreement does not share, and answers not found for one such record', () => {
    const viewing: Viewing = { viewer: viewer('cpec', 'admin'), agreement, context: {} };
    expect(present(viewing, 'person', [recordingPerson([])])).toEqual([]);
    expect(() => presentOne(viewing, 'person', recordingPerson([]))).toThrow(
      expect.objectContaining({ code: 'person_not_found' }),
    );
  });
});
