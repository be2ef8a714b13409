import { randomUUID } from 'node:crypto';
import { latLngToCell } from 'h3-js';
import type { Actor } from '../access/actor.js';
import type { AuditedWrites } from '../audit/audited-write.js';
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
        await repo.updateIncident(trx, incidentId, {
          ...columns,
          accounts: accounts.length,
          updated_at: now,
        });
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
     * Stores imported incidents in one transaction, skipping those whose source key or
     * (date, place, toll) is already stored or repeated in the batch. Yields to the event loop
     * between slices.
     */
    async importMany(
      actor: Actor,
      inputs: NewIncident[],
      options: { dryRun?: boolean; onProgress?: (done: number, total: number) => void } = {},
    ): Promise<ImportCounts> {
      const partyId = partyOf(actor);
      const batch = 500;
      let added = 0;
      let duplicates = 0;
      const seenSource = new Set<string>();
      const seenDedupe = new Set<string>();
      // Awaited SQLite queries do not yield: slices keep the event loop serving during a large import.
      const slices = slicer();
      /** Walks the inputs in batches, handing each one that is not a duplicate to `store`. */
      const scan = async (executor: Db, store: (input: NewIncident) => Promise<void>) => {
        for (let start = 0; start < inputs.length; start += batch) {
          const slice = inputs.slice(start, start + batch);
          const existing = await repo.findExistingKeys(
            executor,
            slice.map((i) => i.sourceKey).filter((k): k is string => !!k),
            slice.map((i) => dedupeKey(i)),
          );
          for (const input of slice) {
            await slices.pause();
            const key = dedupeKey(input);
            const duplicate = input.sourceKey
              ? existing.sourceKeys.has(input.sourceKey) || seenSource.has(input.sourceKey)
              : existing.dedupeKeys.has(key) || seenDedupe.has(key);
            if (input.sourceKey) seenSource.add(input.sourceKey);
            seenDedupe.add(key);
            if (duplicate) {
              duplicates += 1;
              continue;
            }
            added += 1;
            await store(input);
          }
          options.onProgress?.(Math.min(start + batch, inputs.length), inputs.length);
        }
      };
      if (options.dryRun) {
        await scan(db, async () => undefined);
      } else {
        await writes.write(actor, async ({ tx, now, audit, publish }) => {
          const recorded: RecordedIncident[] = [];
          await scan(tx, async (input) => {
            const row = await insertNew(tx, actor, partyId, input, now.toISOString());
            await audit({
              action: 'incident.imported',
              entityId: row.id,
              fields: changedColumns(null, row),
            });
            recorded.push({ id: row.id, cellBefore: null, cellAfter: row.h3_cell });
          });
          if (recorded.length > 0) publish('incident.recorded', { incidents: recorded });
        });
      }
      return { added, duplicates };
    },
  };
}

export type IncidentService = ReturnType<typeof incidentService>;
