import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { latLngToCell } from 'h3-js';
import type { Actor } from '../access/actor.js';
import type { AuditedWrites, WriteScope } from '../audit/audited-write.js';
import type { Db, Tx } from '../database.js';
import type { Clock } from '../platform/clock.js';
import { forbidden, notFound, validationFailed } from '../platform/errors.js';
import { slicer } from '../platform/slices.js';
import {
  type AccountInput,
  accountInput,
  assertPeriod,
  changedColumns,
  dedupeKey,
  effectiveColumns,
  futureDateProblem,
  reconcile,
  riskResolution,
  type StoredAccount,
} from './incident.js';
import type { RecordedIncident } from './incident.events.js';
import * as repo from './incident.repository.js';
import { addToRollups, removeFromRollups } from './rollup.repository.js';
import type { IncidentRow } from './incident.tables.js';

const cellOf = (lat: number, lon: number) => latLngToCell(lat, lon, riskResolution);

export interface NewIncident extends AccountInput {
  /** The id the record has in the dataset it came from, e.g. `ucdp:123456`. */
  sourceKey?: string | null;
  isDemo?: boolean;
}

export interface ImportCounts {
  added: number;
  duplicates: number;
  /** Stored rows whose (date, place, toll) matches an incident stored before the import. */
  possibleDuplicates: PossibleDuplicate[];
}

/** An imported row that may be an incident already stored: `index` into the inputs. */
export interface PossibleDuplicate {
  index: number;
  /** The incident the row became; null on a dry run. */
  id: string | null;
  /** The stored incident with the same date, place and toll. */
  duplicateOf: string;
}

/** Whether a row repeats one of the stored accounts given (as parsed from their JSON). */
function isStoredAccount(input: NewIncident, bodies: readonly unknown[] | undefined): boolean {
  if (!bodies) return false;
  const { sourceKey: _key, isDemo: _demo, ...body } = input;
  const plain = JSON.parse(JSON.stringify(body)) as unknown;
  return bodies.some((b) => isDeepStrictEqual(b, plain));
}

/**
 * Whether an earlier row of the file is identical to this one. Only the rows with the same
 * (date, place, toll) are compared: `sameKey` holds them, by key, as their indexes.
 */
function isRepeatedRow(
  inputs: readonly NewIncident[],
  index: number,
  key: string,
  sameKey: Map<string, number | number[]>,
): boolean {
  const earlier = sameKey.get(key);
  const input = inputs[index]!;
  if (earlier === undefined) {
    sameKey.set(key, index);
    return false;
  }
  const indexes = typeof earlier === 'number' ? [earlier] : earlier;
  if (indexes.some((i) => isDeepStrictEqual(inputs[i], input))) return true;
  sameKey.set(key, [...indexes, index]);
  return false;
}

/** Incidents and each party's account of them. */
function assertNotFuture(date: string, now: Date): void {
  const problem = futureDateProblem(date, now);
  if (problem) throw validationFailed('date', `date: ${problem}`);
}

/** How many incidents an export reads at once: a page is a few hundred kilobytes of text. */
const exportPageSize = 1000;

export function incidentService(deps: { db: Db; clock: Clock; writes: AuditedWrites }) {
  const { db, clock, writes } = deps;

  function partyOf(actor: Actor): string {
    if (!actor.partyId)
      throw forbidden('An incident account is filed by a party', { caller: 'party member' });
    return actor.partyId;
  }

  async function storedAccounts(trx: Db, incidentId: string): Promise<StoredAccount[]> {
    return (await repo.currentAccounts(trx, incidentId)).map((a) => ({
      partyId: a.party_id,
      createdAt: a.created_at,
      body: accountInput.parse(JSON.parse(a.body)),
    }));
  }

  /** Inserts a new incident with its first account, inside the caller's transaction. */
  async function insertNew(
    trx: Tx,
    actor: Actor,
    partyId: string,
    input: NewIncident,
    now: string,
  ): Promise<IncidentRow> {
    const { sourceKey, isDemo, ...body } = input;
    const row: IncidentRow = {
      id: randomUUID(),
      source_key: sourceKey ?? null,
      ...effectiveColumns(body, cellOf),
      accounts: 1,
      is_demo: isDemo ? 1 : 0,
      created_at: now,
      updated_at: now,
    };
    await repo.insertIncident(trx, row);
    await repo.insertAccount(trx, {
      id: randomUUID(),
      incident_id: row.id,
      party_id: partyId,
      revision: 1,
      body: JSON.stringify(body),
      created_by: actor.id,
      created_at: now,
      superseded_at: null,
    });
    return row;
  }

  return {
    /** Records a new incident as the actor's party's account of it. */
    async create(actor: Actor, input: NewIncident): Promise<IncidentRow> {
      const partyId = partyOf(actor);
      assertNotFuture(input.date, clock.now());
      return writes.write(actor, async ({ tx, now, audit, publish }) => {
        const row = await insertNew(tx, actor, partyId, input, now.toISOString());
        await addToRollups(tx, [row.id]);
        await audit({ action: 'incident.created', entityId: row.id, fields: changedColumns(null, row) });
        publish('incident.recorded', {
          incidents: [{ id: row.id, cellBefore: null, cellAfter: row.h3_cell }],
        });
        return row;
      });
    },

    /**
     * Files the actor's party's account of an existing incident: its first, or a new revision of
     * its own (the old one is kept, superseded). Other parties' accounts are never touched; the
     * incident's values are reconciled from all current accounts.
     */
    async fileAccount(actor: Actor, incidentId: string, body: AccountInput) {
      const partyId = partyOf(actor);
      assertNotFuture(body.date, clock.now());
      return writes.write(actor, async ({ tx: trx, now: at, audit, publish }) => {
        const before = await repo.findIncident(trx, incidentId);
        if (!before) throw notFound('incident_not_found', 'Incident');
        const now = at.toISOString();
        const previous = await repo.latestRevision(trx, incidentId, partyId);
        if (previous && previous.superseded_at === null) await repo.supersedeAccount(trx, previous.id, now);
        await repo.insertAccount(trx, {
          id: randomUUID(),
          incident_id: incidentId,
          party_id: partyId,
          revision: (previous?.revision ?? 0) + 1,
          body: JSON.stringify(body),
          created_by: actor.id,
          created_at: now,
          superseded_at: null,
        });
        const accounts = await storedAccounts(trx, incidentId);
        const { primary } = reconcile(accounts);
        const columns = effectiveColumns(primary.body, cellOf);
        // Out of the rollups as it was, back in as it is now.
        await removeFromRollups(trx, [incidentId]);
        await repo.updateIncident(trx, incidentId, {
          ...columns,
          accounts: accounts.length,
          updated_at: now,
        });
        await addToRollups(trx, [incidentId]);
        await audit({
          action: previous ? 'incident.account_revised' : 'incident.account_filed',
          entityId: incidentId,
          fields: changedColumns(before, columns),
        });
        const after = (await repo.findIncident(trx, incidentId))!;
        publish('incident.recorded', {
          incidents: [{ id: incidentId, cellBefore: before.h3_cell, cellAfter: after.h3_cell }],
        });
        return after;
      });
    },

    /** The incident with every party's current account and where they differ. */
    async get(_actor: Actor, id: string) {
      const incident = await repo.findIncident(db, id);
      if (!incident) throw notFound('incident_not_found', 'Incident');
      const accounts = await storedAccounts(db, id);
      return { incident, accounts, differences: reconcile(accounts).differences };
    },

    /** One page of incidents, newest first, within the filter's period. */
    async list(_actor: Actor, filter: repo.IncidentFilter) {
      assertPeriod(filter, 'querystring');
      return repo.listIncidents(db, filter);
    },

    /**
     * Every incident the filter matches, newest first, a page at a time with the publishers its
     * accounts cite: for exports, which stream them all and stop at no count. The filter is checked
     * before the first page, so a bad one is a 400, not a broken download.
     */
    exportPages(_actor: Actor, filter: Omit<repo.IncidentFilter, 'limit' | 'after'>) {
      assertPeriod(filter, 'querystring');
      return (async function* () {
        let after: string | undefined;
        do {
          const page = await repo.listIncidents(db, { ...filter, limit: exportPageSize, after });
          const sources = await repo.sourcesOf(
            db,
            page.items.map((i) => i.id),
          );
          yield page.items.map((incident) => ({ incident, sources: sources.get(incident.id) ?? [] }));
          after = page.next ?? undefined;
        } while (after !== undefined);
      })();
    },

    /**
     * Stores imported incidents in one transaction. A row whose source key is already stored or
     * repeated in the file is a duplicate and skipped, so a re-import adds nothing; a row without
     * one is skipped only when it is identical to an earlier row of the file or to a stored
     * account (two attacks on the same day, place and toll happen). A row whose (date, place,
     * toll) matches an incident stored before this import is stored and listed as a possible
     * duplicate for an analyst to merge or keep. All rows are classified before any is stored, so the file never matches itself.
     * Yields to the event loop between slices.
     */
    async importMany(
      actor: Actor,
      inputs: NewIncident[],
      options: { dryRun?: boolean; onProgress?: (done: number, total: number) => void } = {},
    ): Promise<ImportCounts> {
      const partyId = partyOf(actor);
      const batch = 500;
      let duplicates = 0;
      const skip = new Uint8Array(inputs.length);
      const possibleDuplicates: PossibleDuplicate[] = [];
      const seenSource = new Set<string>();
      // The rows of the file without a source key by (date, place, toll), to find identical rows cheaply.
      const sameKey = new Map<string, number | number[]>();
      // Awaited SQLite queries do not yield: slices keep the event loop serving during a large import.
      const slices = slicer();
      /** Marks each input that is a duplicate, and lists those that match a stored incident. */
      const classify = async (executor: Db) => {
        for (let start = 0; start < inputs.length; start += batch) {
          const slice = inputs.slice(start, start + batch);
          const keys = slice.map((i) => dedupeKey(i));
          const existing = await repo.findExistingKeys(
            executor,
            slice.map((i) => i.sourceKey).filter((k): k is string => !!k),
            keys,
          );
          // A row without a source key that repeats a stored account exactly is that record again.
          const matched = keys.filter((k, i) => !slice[i]!.sourceKey && existing.dedupeKeys.has(k));
          const stored = matched.length > 0 ? await repo.currentBodiesByKey(executor, matched) : null;
          for (const [offset, input] of slice.entries()) {
            await slices.pause();
            const index = start + offset;
            const key = keys[offset]!;
            const duplicate = input.sourceKey
              ? existing.sourceKeys.has(input.sourceKey) || seenSource.has(input.sourceKey)
              : isRepeatedRow(inputs, index, key, sameKey) || isStoredAccount(input, stored?.get(key));
            if (input.sourceKey) seenSource.add(input.sourceKey);
            if (duplicate) {
              skip[index] = 1;
              duplicates += 1;
              continue;
            }
            const match = existing.dedupeKeys.get(key);
            if (match !== undefined) possibleDuplicates.push({ index, id: null, duplicateOf: match });
          }
        }
      };
      /** Stores every input not marked as a duplicate, giving each possible duplicate its new id. */
      const store = async (tx: Tx, nowIso: string, audit: WriteScope['audit']) => {
        const recorded: RecordedIncident[] = [];
        const possible = new Map(possibleDuplicates.map((p) => [p.index, p]));
        for (let start = 0; start < inputs.length; start += batch) {
          const stored: string[] = [];
          for (let index = start; index < Math.min(start + batch, inputs.length); index++) {
            await slices.pause();
            if (skip[index]) continue;
            const row = await insertNew(tx, actor, partyId, inputs[index]!, nowIso);
            await audit({ action: 'incident.imported', entityId: row.id, fields: changedColumns(null, row) });
            recorded.push({ id: row.id, cellBefore: null, cellAfter: row.h3_cell });
            stored.push(row.id);
            const listed = possible.get(index);
            if (listed) listed.id = row.id;
          }
          await addToRollups(tx, stored);
          options.onProgress?.(Math.min(start + batch, inputs.length), inputs.length);
        }
        return recorded;
      };
      if (options.dryRun) {
        await classify(db);
      } else {
        await writes.write(actor, async ({ tx, now, audit, publish }) => {
          await classify(tx);
          const recorded = await store(tx, now.toISOString(), audit);
          if (recorded.length > 0) publish('incident.recorded', { incidents: recorded });
        });
      }
      return { added: inputs.length - duplicates, duplicates, possibleDuplicates };
    },
  };
}

export type IncidentService = ReturnType<typeof incidentService>;
