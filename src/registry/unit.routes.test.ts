import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { putAgreementInForce } from '../../test/helpers/agreement.js';
import {
  createRefusalCases,
  expectDeactivatedOnce,
  listOf,
  ownedByOther,
  pageThrough,
  patchRefusalCases,
  recordRequests,
  registryRecordCases,
  unitPayload,
} from '../../test/helpers/registry.js';
import { auditCount, expectAudited, expectError } from '../../test/helpers/routes.js';

const t = useTestApp({ each: true, setup: putAgreementInForce });

const units = recordRequests(t, 'units');
const sites = recordRequests(t, 'sites');
const post = (who: string, payload: Record<string, unknown>) =>
  t.request(who, { method: 'POST', url: '/api/v1/units', payload });

/** A host armed escort based at a host site. */
async function hostEscort() {
  const baseSiteId = await sites.create('ssd:coordinator', { name: 'Dasu police lines' });
  const id = await units.create('ssd:coordinator', {
    kind: 'armed_escort',
    callSign: 'FALCON-1',
    strength: 12,
    vehicles: 3,
    armouredVehicles: 2,
    weapons: '8 rifles, 2 LMG',
    baseSiteId,
  });
  return { id, baseSiteId };
}

registryRecordCases(t, {
  record: 'unit',
  change: { strength: 9 },
  row: units.row,
  others: [
    ownedByOther(
      "changes to another party's unit it sees (clause ownership)",
      async () => (await hostEscort()).id,
      'ssd',
    ),
  ],
});

describe('POST /api/v1/units', () => {
  it('registers a unit the agreement lets the party field, under the version in force', async () => {
    const baseSiteId = await sites.create('ssd:coordinator');
    const payload = unitPayload({
      kind: 'armed_escort',
      callSign: 'FALCON-1',
      weapons: 'rifles',
      baseSiteId,
      status: 'deployed',
    });
    const res = await post('ssd:coordinator', payload);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{ id: string }>();
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      partyId: 'ssd',
      ...payload,
      location: null,
      withheld: [],
      agreementVersion: 1,
    });
    expect(await units.row(body.id)).toMatchObject({
      party_id: 'ssd',
      kind: 'armed_escort',
      call_sign: 'FALCON-1',
      strength: 4,
      vehicles: 2,
      armoured_vehicles: 1,
      weapons: 'rifles',
      base_site_id: baseSiteId,
      status: 'deployed',
      agreement_version: 1,
      active: 1,
    });
    await expectAudited(t, 'unit.created', body.id, {
      by: t.users['ssd:coordinator']!.id,
      party: 'ssd',
      fields: [
        'armoured_vehicles',
        'base_site_id',
        'call_sign',
        'kind',
        'status',
        'strength',
        'vehicles',
        'weapons',
      ],
    });
  });

  it('defaults the status to available and the optional fields to nothing', async () => {
    const res = await post('cso:admin', unitPayload({ kind: 'close_protection' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'available',
      weapons: null,
      baseSiteId: null,
      partyId: 'cso',
    });
  });

  it('refuses the partner an armed kind, citing the clause, and stores nothing', async () => {
    const before = await auditCount(t);
    for (const kind of ['armed_escort', 'static_guard']) {
      const res = await post('cso:coordinator', unitPayload({ kind }));
      expectError(res, 403, 'agreement_refuses', 'body.kind');
      expect(res.json<{ error: { message: string; details: unknown } }>().error).toMatchObject({
        message: `Agreement v1, clause unitKinds.${kind}: only the host may provide ${kind} (armed)`,
        details: { clause: `unitKinds.${kind}`, agreementVersion: 1 },
      });
    }
    expect(await t.db.selectFrom('units').select('id').execute()).toEqual([]);
    expect(await auditCount(t)).toBe(before);
  });

  createRefusalCases(
    t,
    { url: '/api/v1/units', table: 'units', who: 'cso:coordinator', payload: unitPayload },
    [
      ['more armoured vehicles than vehicles', { vehicles: 1, armouredVehicles: 2 }, 'body.armouredVehicles'],
      ['an unknown kind', { kind: 'tank_platoon' }, 'body.kind'],
      ['no call sign', { callSign: undefined }, 'body.callSign'],
      ['a negative strength', { strength: -1 }, 'body.strength'],
      ['a fractional vehicle count', { vehicles: 1.5 }, 'body.vehicles'],
      ['an unknown status', { status: 'asleep' }, 'body.status'],
      ['an unknown base site', { baseSiteId: 'nowhere' }, 'body.baseSiteId'],
    ],
  );

  it("answers 400 naming baseSiteId for another party's site", async () => {
    const hostSite = await sites.create('ssd:coordinator');
    expectError(
      await post('cso:coordinator', unitPayload({ baseSiteId: hostSite })),
      400,
      'validation_failed',
      'body.baseSiteId',
    );
  });
});

describe('GET /api/v1/units/:id', () => {
  it('shows the partner a host unit without weapons or base site', async () => {
    const { id } = await hostEscort();
    const res = await units.get('cso:coordinator', id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      id,
      partyId: 'ssd',
      kind: 'armed_escort',
      callSign: 'FALCON-1',
      strength: 12,
      vehicles: 3,
      armouredVehicles: 2,
      status: 'available',
      location: null,
      withheld: ['baseSiteId', 'weapons'],
      agreementVersion: 1,
    });
    expect(res.body).not.toContain('rifles');
  });

  it('shows the host a partner unit whole', async () => {
    const baseSiteId = await sites.create('cso:coordinator');
    const id = await units.create('cso:coordinator', { weapons: 'none', baseSiteId });
    const res = await units.get('ssd:analyst', id);
    expect(res.json()).toMatchObject({ partyId: 'cso', weapons: 'none', baseSiteId, withheld: [] });
  });
});

describe('PATCH /api/v1/units/:id', () => {
  it('changes only the fields sent, keeping status and the agreement version', async () => {
    const id = await units.create('cso:coordinator', { status: 'deployed' });
    const res = await units.patch('cso:admin', id, { strength: 6, callSign: 'KITE-2' });
    expect(res.statusCode, res.body).toBe(200);
    // Regression: a PATCH without status left it alone instead of resetting it to available.
    expect(res.json()).toMatchObject({
      strength: 6,
      callSign: 'KITE-2',
      status: 'deployed',
      kind: 'liaison',
    });
    expect(await units.row(id)).toMatchObject({
      strength: 6,
      call_sign: 'KITE-2',
      status: 'deployed',
      agreement_version: 1,
    });
    await expectAudited(t, 'unit.updated', id, {
      by: t.users['cso:admin']!.id,
      party: 'cso',
      fields: ['call_sign', 'strength'],
    });
    const before = await auditCount(t);
    expect((await units.patch('cso:admin', id, {})).statusCode).toBe(200);
    expect(await auditCount(t)).toBe(before);
  });

  it('asks the agreement again when the kind changes', async () => {
    const id = await units.create('cso:coordinator');
    const refused = await units.patch('cso:coordinator', id, { kind: 'static_guard' });
    expectError(refused, 403, 'agreement_refuses', 'body.kind');
    expect(refused.json<{ error: { message: string } }>().error.message).toContain(
      'clause unitKinds.static_guard',
    );
    expect((await units.row(id)).kind).toBe('liaison');
    const allowed = await units.patch('cso:coordinator', id, { kind: 'close_protection' });
    expect(allowed.json()).toMatchObject({ kind: 'close_protection' });
  });

  patchRefusalCases(
    t,
    {
      url: '/api/v1/units',
      who: 'cso:coordinator',
      record: unitPayload({ vehicles: 2, armouredVehicles: 1 }),
      row: units.row,
    },
    [
      ['more armoured vehicles than it has', { armouredVehicles: 3 }, 'body.armouredVehicles'],
      ['fewer vehicles than armoured ones', { vehicles: 0 }, 'body.armouredVehicles'],
      ['both at once, the wrong way', { vehicles: 1, armouredVehicles: 2 }, 'body.armouredVehicles'],
      ['an unknown status', { status: 'asleep' }, 'body.status'],
      ['an unknown base site', { baseSiteId: 'nowhere' }, 'body.baseSiteId'],
    ],
  );

  it('answers a rule broken on create and on update with the same field, part and message', async () => {
    const id = await units.create('cso:coordinator', { vehicles: 2, armouredVehicles: 1 });
    for (const [created, changed] of [
      [unitPayload({ vehicles: 2, armouredVehicles: 3 }), { armouredVehicles: 3 }],
      [unitPayload({ vehicles: 1.5 }), { vehicles: 1.5 }],
      [unitPayload({ status: 'asleep' }), { status: 'asleep' }],
    ] as const) {
      const onCreate = (await post('cso:coordinator', created)).json().error;
      const onUpdate = (await units.patch('cso:coordinator', id, changed)).json().error;
      expect(onCreate.code).toBe('validation_failed');
      expect([onUpdate.code, onUpdate.message, onUpdate.details.field, onUpdate.details.in]).toEqual([
        onCreate.code,
        onCreate.message,
        onCreate.details.field,
        onCreate.details.in,
      ]);
    }
  });
});

describe('POST /api/v1/units/:id/deactivate', () => {
  it('deactivates once, keeps the record, and drops it from lists unless asked', async () => {
    const { id } = await hostEscort();
    await expectDeactivatedOnce(
      t,
      { record: 'unit', id, who: 'ssd:coordinator', again: 'ssd:admin', party: 'ssd', viewer: 'cso:analyst' },
      units.row,
    );
    const inactive = await listOf(t, 'cso:analyst', '/api/v1/units?includeInactive=true');
    expect(inactive).toMatchObject([{ id, withheld: ['baseSiteId', 'weapons'] }]);
  });
});

describe('GET /api/v1/units', () => {
  it('lists both parties’ units by call sign, filtered by kind and status, never with host weapons', async () => {
    await hostEscort();
    await units.create('cso:coordinator', { callSign: 'KITE-1', weapons: 'none' });
    await units.create('cso:coordinator', {
      kind: 'close_protection',
      callSign: 'BEAR-1',
      status: 'off_duty',
    });
    const partner = await listOf<{ callSign: string; withheld: string[] }>(t, 'cso:analyst', '/api/v1/units');
    expect(partner.map((u) => [u.callSign, u.withheld])).toEqual([
      ['BEAR-1', []],
      ['FALCON-1', ['baseSiteId', 'weapons']],
      ['KITE-1', []],
    ]);
    expect(JSON.stringify(partner)).not.toContain('rifles');
    const escorts = await listOf<{ callSign: string }>(t, 'cso:analyst', '/api/v1/units?kind=armed_escort');
    expect(escorts.map((u) => u.callSign)).toEqual(['FALCON-1']);
    const offDuty = await listOf<{ callSign: string }>(t, 'ssd:analyst', '/api/v1/units?status=off_duty');
    expect(offDuty.map((u) => u.callSign)).toEqual(['BEAR-1']);
    for (const [query, field] of <const>[
      ['kind=tank', 'querystring.kind'],
      ['status=asleep', 'querystring.status'],
      ['limit=501', 'querystring.limit'],
      ['after=%%%', 'querystring.after'],
    ]) {
      expectError(
        await t.request('cso:analyst', { method: 'GET', url: `/api/v1/units?${query}` }),
        400,
        'validation_failed',
        field,
      );
    }
  });

  it('pages through every row exactly once', async () => {
    for (const n of [1, 2, 3]) {
      await units.create('ssd:coordinator', { callSign: `HOST-${n}` });
      await units.create('cso:coordinator', { callSign: `GUEST-${n}` });
    }
    await units.create('cso:coordinator', { callSign: 'GUEST-2' });
    const all = await pageThrough<{ id: string; callSign: string }>(
      t,
      'cso:analyst',
      '/api/v1/units?limit=2',
    );
    expect(all.items.map((u) => u.callSign)).toEqual([
      'GUEST-1',
      'GUEST-2',
      'GUEST-2',
      'GUEST-3',
      'HOST-1',
      'HOST-2',
      'HOST-3',
    ]);
    expect(new Set(all.items.map((u) => u.id)).size).toBe(7);
    expect(all.pages).toBe(4);
  });
});
