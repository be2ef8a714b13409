import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { TestApp } from './app.js';
import { expectError } from './routes.js';

export type Route = InjectOptions & { method: string; url: string };

/** A record of another party, and what a caller gets when it names that record. */
export interface OtherPartysRecord {
  /** For the test's name: "the host's person, which the partner does not see". */
  what: string;
  /** Makes the record; its id. */
  create: () => Promise<string>;
  /** Who asks, when not the suite's caller. */
  callers?: string[];
  /** Which of the routes to ask, when not all (the writes, where the caller may read). */
  only?: (route: Route) => boolean;
  status: 403 | 404;
  code: string;
  /** The error's details, when they say why (the clause and the owner). */
  details?: Record<string, unknown>;
}

export interface OwnedRecordRoutes {
  /** What the record is, for the tests' names: 'person'. */
  record: string;
  /** Every route that reads, changes or removes one record by id, as a valid request about `id`. */
  routes: (id: string) => Route[];
  /** The error code for an id that names no record: 'person_not_found'. */
  notFound: string;
  /** A caller allowed on all of the routes. */
  caller: string;
  /** The stored record, to show that a refused request changed nothing. */
  row: (id: string) => Promise<unknown>;
  others?: OtherPartysRecord[];
}

const unknownId = '00000000-0000-0000-0000-000000000000';
const overLongId = 'x'.repeat(101);

/**
 * The cases every route on one owned record shares: an unknown id is 404 not found, an id over
 * the length limit is a 400 naming params.id, and another party's record is refused (404 where
 * the caller may not know it exists, 403 where it sees but does not own it) and left as it was.
 */
export function ownedRecordCases(t: TestApp, spec: OwnedRecordRoutes): void {
  describe(`routes on one ${spec.record} by id`, () => {
    it(`answer 404 ${spec.notFound} for an unknown id`, async () => {
      for (const route of spec.routes(unknownId)) {
        expectError(await t.request(spec.caller, route), 404, spec.notFound);
      }
    });

    it('answer 400 validation_failed naming params.id for an id over 100 characters', async () => {
      for (const route of spec.routes(overLongId)) {
        expectError(await t.request(spec.caller, route), 400, 'validation_failed', 'params.id');
      }
    });

    for (const other of spec.others ?? []) {
      it(`answer ${other.status} ${other.code} for ${other.what}, and change nothing`, async () => {
        const id = await other.create();
        const before = await spec.row(id);
        const routes = spec.routes(id).filter(other.only ?? (() => true));
        expect(routes.length).toBeGreaterThan(0);
        for (const route of routes) {
          for (const caller of other.callers ?? [spec.caller]) {
            const res = await t.request(caller, route);
            expectError(res, other.status, other.code);
            if (other.details) {
              expect(res.json<{ error: { details: unknown } }>().error.details).toEqual(other.details);
            }
          }
        }
        expect(await spec.row(id)).toEqual(before);
      });
    }
  });
}

/** Whether a route writes: the ones a party may not make on a record it only sees. */
export const writes = (route: Route) => route.method !== 'GET';
