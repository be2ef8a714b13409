import { randomUUID } from 'node:crypto';
import { latLngToCell } from 'h3-js';
import type { Actor } from '../access/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db } from '../database.js';
import type { Clock } from '../platform/clock.js';
import { forbidden, notFound, validationFailed } from '../platform/errors.js';
import { slicer } from '../platform/slices.js';
import {
  type AccountInput,
  accountInput,
  dedupeKey,
  effectiveColumns,
  futureDateProblem,
  reconcile,
  riskResolution,
  type StoredAccount,
} from './incident.js';
import * as repo from './incident.repository.js';
import type { IncidentRow } from './incident.tables.js';

const cellOf = (lat: number, lon: number) => latLngToCell(lat, lon, riskResolution);

/** Changed incidents per notification after a bulk import. */
const notifyPart = 1000;

export interface NewIncident extends AccountInput {
  /** The id the record has in the dataset it came from, e.g. `ucdp:123456`. */
  sourceKey?: string | null;
  isDemo?: boolean;
}

export interface ImportCounts {
  added: number;
  duplicates: number;
}

/** Listeners told after commit which incidents changed (the risk grid recomputes their cells). */
export type IncidentListener = (
  changed: { id: string; before: string | null; after: string | null }[],
) => void;

/** Incidents and each party's account of them. */
function assertNotFuture(date: string, now: Date): void {
  const problem = futureDateProblem(date, now);
  if (problem) throw validationFailed('date', `date: ${problem}`);
}

export function incidentService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const listeners: IncidentListener[] = [];

  function partyOf(actor: Actor): string {
    if (!actor.partyId) throw forbidden('An incident account is filed by a party');
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
    trx: Db,
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

  function notify(changed: { id: string; before: string | null; after: string | null }[]) {
    if (changed.length === 0) return;
    for (const listener of listeners) listener(changed);
  }

  return {
    /** Called after each commit that adds or changes incidents. */
    onChange(listener: IncidentListener) {
      listeners.push(listener);
    },

    /** Records a new incident as the actor's party's account of it. */
    async create(actor: Actor, input: NewIncident): Promise<IncidentRow> {
      const partyId = partyOf(actor);
      assertNotFuture(input.date, clock.now());
      const row = await db.transaction().execute(async (trx) => {
        const now = clock.now();
        const row = await insertNew(trx, actor, partyId, input, now.toISOString());
        await recordAudit(
          trx,
          actor,
          {
            action: 'incident.created',
            entityType: 'incident',
            entityId: row.id,
            fields: Object.keys(input).sort(),
          },
          now,
        );
        return row;
      });
      notify([{ id: row.id, before: null, after: row.h3_cell }]);
      return row;
    },

    /**
     * Files the actor's party's account of an existing incident: its first, or a new revision of
     * its own (the old one is kept, superseded). Other parties' accounts are never touched; the
     * incident's values are reconciled from all current accounts.
     */
    async fileAccount(actor: Actor, incidentId: string, body: AccountInput) {
      const partyId = partyOf(actor);
      assertNotFuture(body.date, clock.now());
      const result = await db.transaction().execute(async (trx) => {
        const before = await repo.findIncident(trx, incidentId);
        if (!before) throw notFound('incident_not_found', 'Incident');
        const now = clock.now().toISOString();
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
        await repo.updateIncident(trx, incidentId, {
          ...effectiveColumns(primary.body, cellOf),
          accounts: accounts.length,
          updated_at: now,
        });
        await recordAudit(
          trx,
          actor,
          {
            action: previous ? 'incident.account_revised' : 'incident.account_filed',
            entityType: 'incident',
            entityId: incidentId,
            fields: Object.keys(body).sort(),
          },
          clock.now(),
        );
        const after = (await repo.findIncident(trx, incidentId))!;
        return { before: before.h3_cell, after };
      });
      notify([{ id: incidentId, before: result.before, after: result.after.h3_cell }]);
      return result.after;
    },

    /** The incident with every party's current account and where they differ. */
    async get(_actor: Actor, id: string) {
      const incident = await repo.findIncident(db, id);
      if (!incident) throw notFound('incident_not_found', 'Incident');
      const accounts = await storedAccounts(db, id);
      return { incident, accounts, differences: reconcile(accounts).differences };
    },

    list: (_actor: Actor, filter: repo.IncidentFilter) => repo.listIncidents(db, filter),

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
      const changed: { id: string; before: null; after: string | null }[] = [];
      const seenSource = new Set<string>();
      const seenDedupe = new Set<string>();
      // Awaited SQLite queries do not yield: slices keep the event loop serving during a large import.
      const slices = slicer();
      const work = async (trx: Db) => {
        for (let start = 0; start < inputs.length; start += batch) {
          const slice = inputs.slice(start, start + batch);
          const existing = await repo.findExistingKeys(
            trx,
            slice.map((i) => i.sourceKey).filter((k): k is string => !!k),
            slice.map((i) => dedupeKey(i)),
          );
          const now = clock.now();
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
            if (options.dryRun) continue;
            const row = await insertNew(trx, actor, partyId, input, now.toISOString());
            await recordAudit(
              trx,
              actor,
              {
                action: 'incident.imported',
                entityType: 'incident',
                entityId: row.id,
                fields: ['source_key'],
              },
              now,
            );
            changed.push({ id: row.id, before: null, after: row.h3_cell });
          }
          options.onProgress?.(Math.min(start + batch, inputs.length), inputs.length);
        }
      };
      if (options.dryRun) await work(db);
      else await db.transaction().execute(work);
      // Listeners look the changed incidents up by id: in parts, under SQLite's 32,766 bound
      // variables per statement, and with the loop free between them.
      for (let start = 0; start < changed.length; start += notifyPart) {
        notify(changed.slice(start, start + notifyPart));
        await slices.pause();
      }
      return { added, duplicates };
    },
  };
}

export type IncidentService = ReturnType<typeof incidentService>;
