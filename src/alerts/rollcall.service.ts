import { randomBytes, randomUUID } from 'node:crypto';
import type { Actor, PartyKind, SystemActor } from '../access/actor.js';
import type { PartyService } from '../access/party.service.js';
import type { AgreementService } from '../agreement/agreement.service.js';
import { policyActor } from '../agreement/policy.js';
import type { AuditedWrites } from '../audit/audited-write.js';
import type { Database, Db } from '../database.js';
import type { Clock } from '../platform/clock.js';
import type { FieldCipher } from '../platform/encryption.js';
import { AppError, notFound, validationFailed } from '../platform/errors.js';
import { placeOf, type Polygon, polygonProblem } from '../platform/geo.js';
import type { Scheduler } from '../platform/scheduler.js';
import type { Viewing } from '../registry/registry.presenter.js';
import type { LivePicture } from '../tracking/live.js';
import type { Subject } from '../tracking/live-index.js';
import { findExpected, movementArea, siteArea, type RollcallScope } from './rollcall.expected.js';
import {
  defaultOpenMinutes,
  defaultWaves,
  escalationPlan,
  incidentRadiusM,
  type RollcallArea,
  type RollcallKind,
  startsRollcall,
  type Wave,
  wavesProblem,
} from './rollcall.js';
import { type BoardViewing, presentBoard, presentQuestion, presentSummary } from './rollcall.presenter.js';
import * as repo from './rollcall.repository.js';
import type { RollcallRow, RollcallSubjectRow } from './rollcall.tables.js';

/** The scheduler's job kinds: a wave of escalation, and the close at expiry. */
export const rollcallWaveKind = 'rollcall.wave';
export const rollcallCloseKind = 'rollcall.close';

export interface RollcallWavePayload {
  rollcallId: string;
  wave: number;
}

export interface StartInput {
  area?: Polygon | undefined;
  siteId?: string | undefined;
  movementId?: string | undefined;
  question?: string | undefined;
  waves?: Wave[] | undefined;
  openMinutes?: number | undefined;
}

export const defaultQuestion = 'Are you safe?';

/** Roll-calls' start, reads and close; answers and escalation live beside it (rollcall.answers.ts, rollcall.escalation.ts). */
export function rollcallService(deps: {
  db: Db;
  clock: Clock;
  writes: AuditedWrites;
  scheduler: Scheduler<Database>;
  cipher: FieldCipher;
  picture: LivePicture;
  parties: Pick<PartyService, 'all'>;
  agreements: Pick<AgreementService, 'inForce'>;
  /** The registry's view for the actor, to check that a site or a movement is theirs to see. */
  viewing: (actor: Actor) => Promise<Viewing>;
  site: (
    viewing: Viewing,
    id: string,
  ) => Promise<{ id: string; lat: number; lon: number; perimeter: Polygon | null }>;
  movement: (viewing: Viewing, id: string) => Promise<{ id: string; state: string }>;
  /** Asks the devices of these subjects to report at once (MQTT now, HTTP in their next reply). */
  requestLocation: (subjects: readonly Subject[]) => Promise<void>;
  server: SystemActor;
}) {
  const { db, clock, writes, scheduler, cipher, picture, parties, agreements, server } = deps;

  async function boardViewing(actor: Actor): Promise<BoardViewing> {
    const [agreement, all] = await Promise.all([agreements.inForce(), parties.all()]);
    return {
      viewer: policyActor(actor),
      agreement,
      partyKinds: new Map<string, PartyKind>(all.map((p) => [p.id, p.kind])),
    };
  }

  async function load(id: string): Promise<RollcallRow> {
    const row = await repo.findRollcall(db, id);
    if (!row) throw notFound('rollcall_not_found', 'Roll-call');
    return row;
  }

  /** Takes the snapshot, stores it with its one-time links and waves, and times the waves and the close. */
  async function begin(
    actor: Actor,
    what: {
      kind: RollcallKind;
      area: RollcallArea;
      scope: RollcallScope;
      incidentId?: string;
      partyId: string | null;
    },
    input: Pick<StartInput, 'question' | 'waves' | 'openMinutes'>,
  ): Promise<RollcallRow | null> {
    const waves = input.waves ?? [...defaultWaves];
    const openMinutes = input.openMinutes ?? defaultOpenMinutes;
    const problem = wavesProblem(waves, openMinutes);
    if (problem) throw validationFailed('waves', problem);
    const expected = await findExpected(db, picture, what.area, what.scope);
    if (what.kind === 'incident' && expected.length === 0) return null;
    const row = await writes.write(actor, async ({ tx, now, audit, publish }) => {
      const id = randomUUID();
      const startedAt = now.toISOString();
      const closesAt = new Date(now.getTime() + openMinutes * 60_000);
      const rollcall: RollcallRow = {
        id,
        party_id: what.partyId,
        kind: what.kind,
        area: JSON.stringify(what.area),
        site_id: what.scope.siteId ?? null,
        movement_id: what.scope.movementId ?? null,
        incident_id: what.incidentId ?? null,
        question: input.question ?? defaultQuestion,
        waves: JSON.stringify(waves),
        status: 'open',
        started_by: actor.id,
        started_at: startedAt,
        closes_at: closesAt.toISOString(),
        closed_at: null,
        closed_by: null,
      };
      const subjects: RollcallSubjectRow[] = expected.map((e) => {
        const token = randomBytes(24).toString('hex');
        return {
          rollcall_id: id,
          subject_type: e.subject.type,
          subject_id: e.subject.id,
          party_id: e.partyId,
          reasons: JSON.stringify(e.reasons),
          site_id: e.siteId,
          movement_id: e.movementId,
          answer: null,
          duress: 0,
          answered_at: null,
          answered_via: null,
          answered_by: null,
          corroborated_at: null,
          link_enc: cipher.encrypt(token),
          link_index: cipher.blindIndex(token),
          link_used_at: null,
        };
      });
      const plan = escalationPlan(now, waves);
      await repo.insertRollcall(
        tx,
        rollcall,
        subjects,
        plan.map((w) => ({
          rollcall_id: id,
          wave: w.wave,
          kind: w.kind,
          due_at: w.dueAt.toISOString(),
          ran_at: null,
          recipients: null,
          silent: null,
        })),
      );
      // Timed in the same write: the waves and the close exist exactly when the roll-call does.
      for (const w of plan)
        await scheduler.schedule(tx, {
          kind: rollcallWaveKind,
          key: `${rollcallWaveKind}:${id}:${w.wave}`,
          dueAt: w.dueAt,
          payload: { rollcallId: id, wave: w.wave } satisfies RollcallWavePayload,
        });
      await scheduler.schedule(tx, {
        kind: rollcallCloseKind,
        key: `${rollcallCloseKind}:${id}`,
        dueAt: closesAt,
        payload: { rollcallId: id },
      });
      await audit({
        action: 'rollcall.started',
        entityId: id,
        partyId: what.partyId,
        fields: ['kind', 'area', 'question', 'waves', 'subjects'],
        details: { kind: what.kind, expected: String(subjects.length) },
      });
      publish('rollcall.started', {
        rollcallId: id,
        partyId: what.partyId,
        kind: what.kind,
        incidentId: what.incidentId ?? null,
        expected: subjects.length,
      });
      return rollcall;
    });
    await deps.requestLocation(expected.map((e) => e.subject));
    return row;
  }

  /** Names of a board's subjects: persons' names and units' call signs, as stored. */
  async function namesOf(subjects: readonly RollcallSubjectRow[]): Promise<Map<string, string>> {
    const persons = subjects.filter((s) => s.subject_type === 'person').map((s) => s.subject_id);
    const units = subjects.filter((s) => s.subject_type === 'unit').map((s) => s.subject_id);
    const [p, u] = await Promise.all([repo.personsByIds(db, persons), repo.unitsByIds(db, units)]);
    return new Map([
      ...p.map((r): [string, string] => [`person:${r.id}`, r.name]),
      ...u.map((r): [string, string] => [`unit:${r.id}`, r.call_sign]),
    ]);
  }

  return {
    boardViewing,

    /**
     * Starts a roll-call over a drawn area, a site or a movement: everyone expected there is asked.
     * Exactly one of the three is given.
     */
    async start(actor: Actor, input: StartInput): Promise<RollcallRow> {
      const given = [input.area, input.siteId, input.movementId].filter((v) => v !== undefined).length;
      if (given !== 1) throw validationFailed('area', 'Give exactly one of area, siteId and movementId');
      const partyId = actor.partyId;
      if (input.area) {
        const problem = polygonProblem(input.area);
        if (problem)
          throw new AppError('invalid_polygon', `area${placeOf(problem)}: ${problem.message}`, {
            field: 'area',
            in: 'body',
          });
        return (await begin(
          actor,
          { kind: 'area', area: { kind: 'polygon', polygon: input.area }, scope: {}, partyId },
          input,
        ))!;
      }
      const viewing = await deps.viewing(actor);
      if (input.siteId) {
        const site = await deps.site(viewing, input.siteId);
        return (await begin(
          actor,
          { kind: 'site', area: siteArea(site), scope: { siteId: site.id }, partyId },
          input,
        ))!;
      }
      const movement = await deps.movement(viewing, input.movementId!);
      const row = await repo.routeOf(db, movement.id);
      return (await begin(
        actor,
        { kind: 'movement', area: movementArea(row), scope: { movementId: movement.id }, partyId },
        input,
      ))!;
    },

    /**
     * Starts the roll-call of an incident recorded near people, once per incident: a circle whose
     * radius follows its casualties (`incidentRadiusM`). Nothing when it is old, denied, placed no
     * better than a district, or nobody is expected there. Returns the roll-call, or null.
     */
    async startForIncident(incidentId: string): Promise<RollcallRow | null> {
      const incident = await repo.incidentOf(db, incidentId);
      if (!incident || (await repo.rollcallOfIncident(db, incidentId))) return null;
      const shape = {
        lat: incident.lat,
        lon: incident.lon,
        geoPrecision: incident.geo_precision,
        status: incident.status,
        date: incident.date,
      };
      if (!startsRollcall(shape, clock.now())) return null;
      const radiusM = incidentRadiusM({ killed: incident.killed_best, wounded: incident.wounded_best });
      const area: RollcallArea = {
        kind: 'circle',
        center: { lat: incident.lat!, lon: incident.lon! },
        radiusM,
      };
      try {
        return await begin(server, { kind: 'incident', area, scope: {}, incidentId, partyId: null }, {});
      } catch (error) {
        // Another instance started it first: the unique index on incident_id says so.
        if (await repo.rollcallOfIncident(db, incidentId)) return null;
        throw error;
      }
    },

    /** Closes a roll-call: its links stop working, its waves do nothing more. */
    async close(actor: Actor, id: string) {
      const rollcall = await load(id);
      if (rollcall.status === 'closed')
        throw new AppError('invalid_transition', 'The roll-call is closed already', {
          from: 'closed',
          to: 'closed',
        });
      await closeNow(actor, rollcall);
      return load(id);
    },

    /** The scheduled close at expiry; nothing if it was closed before. */
    async expire(rollcallId: string): Promise<void> {
      const rollcall = await repo.findRollcall(db, rollcallId);
      if (rollcall && rollcall.status === 'open') await closeNow(server, rollcall);
    },

    /** The roll-calls, newest first, each summarized as the viewer may see it. */
    async list(
      actor: Actor,
      query: { limit: number; status?: 'open' | 'closed' | undefined; after?: string | undefined },
    ) {
      const view = await boardViewing(actor);
      let after: { startedAt: string; id: string } | undefined;
      if (query.after) {
        const row = await repo.findRollcall(db, query.after);
        if (!row) throw validationFailed('after', 'after names no roll-call', 'querystring');
        after = { startedAt: row.started_at, id: row.id };
      }
      const rows = await repo.listRollcalls(db, { limit: query.limit + 1, status: query.status, after });
      const page = rows.slice(0, query.limit);
      const items = [];
      for (const row of page) items.push(presentSummary(view, row, await repo.subjectsOf(db, row.id)));
      return { items, next: rows.length > query.limit ? page.at(-1)!.id : null };
    },

    /** The board as the viewer may see it. */
    async board(actor: Actor, id: string) {
      const rollcall = await load(id);
      const [view, subjects, waves] = await Promise.all([
        boardViewing(actor),
        repo.subjectsOf(db, id),
        repo.wavesOf(db, id),
      ]);
      return presentBoard(view, rollcall, subjects, waves, await namesOf(subjects));
    },

    /** The open questions of the person a user is, with their own answers. */
    async mine(personId: string | null) {
      if (!personId) return [];
      const rows = await repo.openFor(db, { type: 'person', id: personId });
      return rows.map((row) =>
        presentQuestion(
          {
            id: row.rollcall_id,
            question: row.question,
            started_at: row.started_at,
            closes_at: row.closes_at,
            status: 'open',
          },
          row,
        ),
      );
    },

    /** The token of a subject's one-time link, for the message that carries it; null once used or closed. */
    async linkOf(rollcallId: string, subject: Subject): Promise<string | null> {
      const [rollcall, row] = await Promise.all([
        repo.findRollcall(db, rollcallId),
        repo.findSubject(db, rollcallId, subject),
      ]);
      if (!rollcall || rollcall.status !== 'open' || !row || row.link_used_at) return null;
      return cipher.decrypt(row.link_enc);
    },
  };

  async function closeNow(actor: Actor, rollcall: RollcallRow): Promise<void> {
    await writes.write(actor, async ({ tx, now, audit, publish }) => {
      if (!(await repo.closeRollcall(tx, rollcall.id, now.toISOString(), actor.id))) return;
      const subjects = await repo.subjectsOf(tx, rollcall.id);
      await audit({
        action: 'rollcall.closed',
        entityId: rollcall.id,
        partyId: rollcall.party_id,
        fields: ['status', 'closed_at', 'closed_by'],
      });
      publish('rollcall.closed', {
        rollcallId: rollcall.id,
        accounted: subjects.filter((s) => s.answered_at !== null).length,
        expected: subjects.length,
      });
    });
  }
}

export type RollcallService = ReturnType<typeof rollcallService>;
