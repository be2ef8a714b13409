import { expect, it } from 'vitest';
import type { TestApp } from './app.js';
import { ownedRecordCases, type OtherPartysRecord, writes } from './owned-records.js';
import { auditCount, expectAudited, expectError, rowById } from './routes.js';

/** What a client sends to register a record: these values, with the test's overrides over them. */
const payloadOf =
  (values: Record<string, unknown>) =>
  (overrides: Record<string, unknown> = {}) => ({ ...values, ...overrides });

/** A person as a client registers one: every field filled; override what the test is about. */
export const personPayload = payloadOf({
  name: 'Wang Wei',
  nativeName: '王伟',
  nationality: 'CN',
  passportNumber: 'E12345678',
  employer: 'Demo Hydro',
  phone: '+92 300 1234567',
  emergencyContact: 'Li Na, wife, +86 138 0000 0000',
  bloodGroup: 'O+',
  status: 'in_country',
});

/** A site as a client registers one. */
export const sitePayload = payloadOf({
  name: 'Dasu camp',
  kind: 'camp',
  lat: 35.2912,
  lon: 73.2906,
  protectionLevel: 3,
  city: 'Dasu',
});

/** A unit as a client registers one. */
export const unitPayload = payloadOf({
  kind: 'liaison',
  callSign: 'LIAISON-1',
  strength: 4,
  vehicles: 2,
  armouredVehicles: 1,
});

/** POSTs a record as `who` and returns its id; fails the test unless it was created. */
export async function create(
  t: TestApp,
  who: string,
  url: string,
  payload: Record<string, unknown>,
): Promise<string> {
  const res = await t.request(who, { method: 'POST', url, payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

/** Follows `next` from the first page to the last; returns every item and the number of pages. */
export async function pageThrough<T = Record<string, unknown>>(t: TestApp, who: string, url: string) {
  const items: T[] = [];
  let pages = 0;
  let after: string | null = null;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res = await t.request(who, {
      method: 'GET',
      url: after ? `${url}${sep}after=${encodeURIComponent(after)}` : url,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ items: T[]; next: string | null }>();
    items.push(...body.items);
    after = body.next;
    pages += 1;
    if (pages > 100) throw new Error('paging does not end');
  } while (after);
  return { items, pages };
}

/** GETs a list as `who` and returns its items. */
export async function listOf<T = Record<string, unknown>>(t: TestApp, who: string, url: string) {
  const res = await t.request(who, { method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: T[] }>().items;
}

/** A square of about 2 km around Dasu, closed. */
export const perimeter = {
  type: 'Polygon',
  coordinates: [
    [
      [73.28, 35.28],
      [73.3, 35.28],
      [73.3, 35.3],
      [73.28, 35.3],
      [73.28, 35.28],
    ],
  ],
};

/**
 * Before any agreement is in force: `owner` creates a record at `url`, answered with no agreement
 * version and nothing withheld, which `other`, of the other party, can neither read (404 `notFound`)
 * nor list. Returns the record's id.
 */
export async function expectOwnPartyOnly(
  t: TestApp,
  {
    owner,
    other,
    url,
    payload,
    notFound,
  }: Record<'owner' | 'other' | 'url' | 'notFound', string> & {
    payload: Record<string, unknown>;
  },
): Promise<string> {
  const res = await t.request(owner, { method: 'POST', url, payload });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json<{ id: string }>().id;
  expect(res.json()).toMatchObject({ agreementVersion: null, withheld: [] });
  expectError(await t.request(other, { method: 'GET', url: `${url}/${id}` }), 404, notFound);
  expect(await listOf(t, other, url)).toEqual([]);
  return id;
}

/**
 * Deactivates a `record` of `party` as `who` and asserts it happens once: 200, the row kept with
 * `active` 0, one `<record>.deactivated` entry by `who` naming `active`; deactivating again as
 * `again` answers 200 and writes nothing; `viewer` no longer lists it. Returns the first answer.
 */
export async function expectDeactivatedOnce(
  t: TestApp,
  {
    record,
    id,
    who,
    again,
    party,
    viewer,
  }: Record<'record' | 'id' | 'who' | 'again' | 'party' | 'viewer', string>,
  row: (id: string) => Promise<{ active: number }>,
) {
  const url = `/api/v1/${record}s`;
  const res = await t.request(who, { method: 'POST', url: `${url}/${id}/deactivate` });
  expect(res.statusCode, res.body).toBe(200);
  expect((await row(id)).active).toBe(0);
  await expectAudited(t, `${record}.deactivated`, id, { by: t.users[who]!.id, party, fields: ['active'] });
  const before = await auditCount(t);
  expect((await t.request(again, { method: 'POST', url: `${url}/${id}/deactivate` })).statusCode).toBe(200);
  expect(await auditCount(t)).toBe(before);
  expect(await listOf(t, viewer, url)).toEqual([]);
  return res;
}

/** A value a record's route refuses: what it is (for the test's name), the payload, the field named. */
export type Refusal = readonly [what: string, payload: Record<string, unknown>, field: string];

/**
 * One test a refusal: `who` creating a record at `url` from `payload(overrides)` is answered 400
 * validation_failed naming the field, and no row of `table` nor audit entry is written.
 */
export function createRefusalCases(
  t: TestApp,
  {
    url,
    table,
    who,
    payload,
  }: {
    url: string;
    table: 'persons' | 'sites' | 'units';
    who: string;
    payload: (overrides: Record<string, unknown>) => Record<string, unknown>;
  },
  refusals: readonly Refusal[],
): void {
  for (const [what, overrides, field] of refusals) {
    it(`answers 400 validation_failed naming ${field} for ${what}, storing nothing`, async () => {
      const before = await auditCount(t);
      const res = await t.request(who, { method: 'POST', url, payload: payload(overrides) });
      expectError(res, 400, 'validation_failed', field);
      expect(await t.db.selectFrom(table).select('id').execute()).toEqual([]);
      expect(await auditCount(t)).toBe(before);
    });
  }
}

/**
 * One test a refusal: `who` patching a record it created at `url` from `record` with the
 * refusal's payload is answered 400 validation_failed naming the field, and the record's row is
 * left as it was.
 */
export function patchRefusalCases(
  t: TestApp,
  {
    url,
    who,
    record,
    row,
  }: {
    url: string;
    who: string;
    record: Record<string, unknown>;
    row: (id: string) => Promise<unknown>;
  },
  refusals: readonly Refusal[],
): void {
  for (const [what, payload, field] of refusals) {
    it(`answers 400 validation_failed naming ${field} for ${what}, changing nothing`, async () => {
      const id = await create(t, who, url, record);
      const before = await row(id);
      const res = await t.request(who, { method: 'PATCH', url: `${url}/${id}`, payload });
      expectError(res, 400, 'validation_failed', field);
      expect(await row(id)).toEqual(before);
    });
  }
}

const payloads = { persons: personPayload, sites: sitePayload, units: unitPayload };

/**
 * What a route test reads and asks of one registry record kind: its stored row by id, GET and
 * PATCH by id, and `create`, which registers one from the kind's payload with `overrides`.
 */
export function recordRequests<T extends 'persons' | 'sites' | 'units'>(t: TestApp, table: T) {
  const url = `/api/v1/${table}`;
  return {
    row: rowById(t, table),
    create: (who: string, overrides: Record<string, unknown> = {}) =>
      create(t, who, url, payloads[table](overrides)),
    get: (who: string, id: string, query = '') =>
      t.request(who, { method: 'GET', url: `${url}/${id}${query}` }),
    patch: (who: string, id: string, payload: Record<string, unknown>) =>
      t.request(who, { method: 'PATCH', url: `${url}/${id}`, payload }),
  };
}

/**
 * The owned-record cases of a registry record (person, site, unit): reading, changing (with
 * `change`) and deactivating one by id, as the partner's admin; `others`, the other party's records.
 */
export function registryRecordCases(
  t: TestApp,
  {
    record,
    change,
    row,
    others,
  }: {
    record: 'person' | 'site' | 'unit';
    change: Record<string, unknown>;
    row: (id: string) => Promise<unknown>;
    others: OtherPartysRecord[];
  },
): void {
  const url = `/api/v1/${record}s`;
  ownedRecordCases(t, {
    record,
    routes: (id) => [
      { method: 'GET', url: `${url}/${id}` },
      { method: 'PATCH', url: `${url}/${id}`, payload: change },
      { method: 'POST', url: `${url}/${id}/deactivate` },
    ],
    notFound: `${record}_not_found`,
    caller: 'cso:admin',
    row,
    others,
  });
}

/**
 * Another party's record the caller sees but may not change: each write answers 403 forbidden
 * naming the ownership clause and the owning party.
 */
export function ownedByOther(
  what: string,
  create: () => Promise<string>,
  owner: string,
  callers?: string[],
): OtherPartysRecord {
  return {
    what,
    create,
    ...(callers ? { callers } : {}),
    only: writes,
    status: 403,
    code: 'forbidden',
    details: { clause: 'ownership', party: owner },
  };
}
