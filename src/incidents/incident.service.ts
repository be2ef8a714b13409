import { randomUUID } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import type { AuditedWrites } from '../audit/audited-write.js';
import type { Db, Tx } from '../database.js';
import type { Clock } from '../platform/clock.js';
import { notFound, validationFailed } from '../platform/errors.js';
import {
  type AccountInput,
  accountInput,
  assertPeriod,
  changedColumns,
  effectiveColumns,
  futureDateProblem,
  reconcile,
  type StoredAccount,
} from './incident.js';
import * as repo from './incident.repository.js';
import { incidentImporter } from './incident.import-many.js';
import { cellOf, type NewIncident, newRows, partyOf } from './incident.rows.js';
import type { IncidentRow } from './incident.tables.js';
import { addToRollups, removeFromRollups } from './rollup.repository.js';

/** Refuses a date after today. */
function assertNotFuture(date: string, now: Date): void {
  const problem = futureDateProblem(date, now);
  if (problem) throw validationFailed('date', `date: ${problem}`);
}

/** How many incidents an export reads at once: a page is a few hundred kilobytes of text. */
const exportPageSize = 1000;

/** Incidents and each party's account of them. */
export function incidentService(deps: { db: Db; clock: Clock; writes: AuditedWrites }) {
  const { db, clock, writes } = deps;

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
    const { row, account } = newRows(actor, partyId, input, now, {
      incident: randomUUID(),
      account: randomUUID(),
    });
    await repo.insertIncident(trx, row);
    await repo.insertAccount(trx, account);
    return row;
  }

  return {
    importMany: incidentImporter({ db, writes }),

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

    /** Every stored incident's id, a page at a time: for audit verify to trace each to its entry. */
    storedIds: () => repo.streamIncidentIds(db),

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
  };
}

export type IncidentService = ReturnType<typeof incidentService>;
