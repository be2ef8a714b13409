import type { SystemActor } from '../access/actor.js';
import type { AgreementInForce } from '../agreement/policy.js';
import type { AuditedWrites, WriteScope } from '../audit/audited-write.js';
import type { Db } from '../database.js';
import { sameJson } from '../platform/canonical-json.js';
import type { Clock } from '../platform/clock.js';
import type { Events } from '../events.js';
import type { RiskService } from '../risk/risk.service.js';
import type { RouteWalk } from '../risk/route.js';
import { assessedStates } from './movement.js';
import type { Assessor } from './movement.assess.js';
import { type MovementAssessment, requirementRaised } from './movement.assessment.js';
import type { Movement } from './movement.record.js';
import * as repo from './movement.repository.js';
import { waypointsOf } from './movement.rules.js';
import {
  applyChange,
  loadMovements,
  type MovementChange,
  type MovementTransitionHook,
} from './movement.transition.js';
import { ReassessmentIndex } from './reassessment.js';

/** Who re-assesses movements when the risk picture or the agreement changes. */
const reassessor: SystemActor = { type: 'system', id: 'movement-reassessment', partyId: null };

/** Why movements are assessed again: the history entry's `cause`. */
export type ReassessCause = 'incidents' | 'zone' | 'agreement';

/** Movements loaded at a time when the index is filled at start. */
const loadPart = 500;

/**
 * A new assessment of a stored movement, as a change: stored, and if it asks more than the one
 * the approvals answered (approved or ready), the movement goes back to `submitted` and those
 * approvals no longer count (kept, marked superseded). Publishes `movement.assessed`.
 */
export function reassessChange(
  movement: Movement,
  assessment: MovementAssessment,
  details: Record<string, unknown> = {},
): MovementChange {
  const raised = movement.assessment ? requirementRaised(movement.assessment, assessment) : false;
  const sendBack = raised && (movement.state === 'approved' || movement.state === 'ready');
  return {
    ...(sendBack ? { action: 'reassess' as const } : {}),
    kind: sendBack ? 'reassess' : 'assess',
    audit: sendBack ? 'movement.reassessed' : 'movement.assessed',
    columns: (now) => ({
      assessment: JSON.stringify(assessment),
      risk_level: assessment.riskLevel,
      assessed_at: now,
    }),
    fields: ['assessed_at', 'assessment', 'risk_level'],
    details: { ...details, riskLevel: assessment.riskLevel, raised, approvalsSuperseded: sendBack },
    work: async ({ tx, publish }: WriteScope) => {
      if (sendBack) await repo.supersedeApprovals(tx, movement.id);
      publish('movement.assessed', { movementId: movement.id, riskLevel: assessment.riskLevel, raised });
    },
  };
}

/** The same assessment but for when it was computed: nothing to store. */
function sameAssessment(a: MovementAssessment | null, b: MovementAssessment): boolean {
  // Compared in place: serialising both took half the time of re-assessing a movement.
  return a !== null && sameJson({ ...a, asOf: '' }, { ...b, asOf: '' });
}

/**
 * Re-assessment through the platform's events: `risk.changed` (the movements whose corridor
 * reads the changed cells, found by the index) and `agreement.in_force` (every open movement).
 * The index holds the open movements (submitted, approved, ready): filled from the database on
 * the first event, as the risk grid loads on its first query, then kept in step by the movement
 * service (`track`) and `movement.changed`. Beside each walk it keeps the movement as last read
 * or written here, so an incident's re-assessment reads nothing from the database; the database
 * stays the truth: a movement changed elsewhere (another instance, a write not seen here) fails
 * the write's version and state check and is read again. The writes of one event are one
 * transaction.
 */
export function movementReassessment(deps: {
  db: Db;
  clock: Clock;
  writes: AuditedWrites;
  events: Events;
  risk: RiskService;
  assessor: Assessor;
  /** What opens a round of approvals when a movement falls back to `submitted`. */
  onSubmitted?: MovementTransitionHook;
}) {
  const { db, clock, writes, events, risk, assessor, onSubmitted } = deps;
  const index = new ReassessmentIndex();
  // The open movements as last read or written here, by id; one missing is read from the database.
  const kept = new Map<string, Movement>();
  let loaded: Promise<void> | null = null;
  // Events are handled one after another; `settled` waits for those queued so far.
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>) => {
    queue = queue.then(work, work);
    return queue;
  };

  const requestOf = (movement: Movement) => ({
    waypoints: waypointsOf(movement.route),
    corridorMeters: movement.corridorMeters,
    plannedDeparture: movement.plannedDeparture,
    plannedArrival: movement.plannedArrival,
  });

  function ready(): Promise<void> {
    loaded ??= (async () => {
      const ids = await repo.movementIdsIn(db, assessedStates);
      for (let start = 0; start < ids.length; start += loadPart)
        for (const movement of await loadMovements(db, ids.slice(start, start + loadPart))) {
          const request = requestOf(movement);
          const route = await risk.corridor(
            request.waypoints,
            request.corridorMeters,
            new Date(request.plannedDeparture),
          );
          index.set(movement.id, route.walk);
          kept.set(movement.id, movement);
        }
    })();
    return loaded;
  }

  events.on('movement.changed', ({ payload }) => {
    if (!assessedStates.includes(payload.to)) {
      index.remove(payload.movementId);
      kept.delete(payload.movementId);
    } else if ((kept.get(payload.movementId)?.version ?? Infinity) < payload.version)
      kept.delete(payload.movementId);
  });

  /** The open movements by id, as kept, the others read from the database (and kept). */
  async function openMovements(ids: readonly string[]): Promise<Movement[]> {
    const read = new Map<string, Movement>();
    for (const movement of await loadMovements(
      db,
      ids.filter((id) => !kept.has(id)),
    )) {
      read.set(movement.id, movement);
      if (index.has(movement.id)) kept.set(movement.id, movement);
    }
    const out: Movement[] = [];
    for (const id of ids) {
      const movement = kept.get(id) ?? read.get(id);
      if (movement && assessedStates.includes(movement.state)) out.push(movement);
    }
    return out;
  }

  /**
   * The new assessments of `movements`: from the index's kept walks and the cells' levels at
   * each departure (an incident), or walked again (a zone cuts stretches differently).
   */
  async function assessAll(movements: Movement[], cause: ReassessCause, agreement: AgreementInForce) {
    await risk.ready();
    const levels = new Map<string, (cell: string) => number>();
    const asOf = clock.now().toISOString();
    const out: { movement: Movement; assessment: MovementAssessment }[] = [];
    for (const movement of movements) {
      let route = null;
      if (cause !== 'zone') {
        let at = levels.get(movement.plannedDeparture);
        if (!at)
          levels.set(movement.plannedDeparture, (at = risk.levelsAt(new Date(movement.plannedDeparture))));
        const walked = index.reassess(movement.id, at);
        route = walked && { ...walked, asOf };
      }
      if (route) out.push({ movement, assessment: assessor.assessWalked(route, movement, agreement) });
      else {
        const { assessment, walk } = await assessor.assess(requestOf(movement), agreement);
        index.set(movement.id, walk);
        out.push({ movement, assessment });
      }
    }
    return out;
  }

  /**
   * The open movements by id re-assessed, those whose assessment changed: what is written. The
   * whole path before the writes (the benchmark times it).
   */
  async function assessChanged(ids: readonly string[], cause: ReassessCause, agreement: AgreementInForce) {
    return (await assessAll(await openMovements(ids), cause, agreement)).filter(
      ({ movement, assessment }) => !sameAssessment(movement.assessment, assessment),
    );
  }

  /** Re-assesses the movements by id, in one transaction; those changed meanwhile, once more. */
  async function reassess(ids: readonly string[], cause: ReassessCause, attempts = 2): Promise<string[]> {
    if (ids.length === 0) return [];
    const agreement = await assessor.agreement().catch(() => null);
    if (!agreement) return [];
    const assessed = await assessChanged(ids, cause, agreement);
    if (assessed.length === 0) return [];
    const { done, skipped, written } = await writes.write(reassessor, async (scope) => {
      const done: string[] = [];
      const skipped: string[] = [];
      const written: Movement[] = [];
      const at = scope.now.toISOString();
      for (const { movement, assessment } of assessed) {
        const change = reassessChange(movement, assessment, { cause });
        if (await applyChange(scope, reassessor, movement, change, agreement.version, onSubmitted)) {
          done.push(movement.id);
          // Sent back, its approvals changed too: read again when next needed.
          if (!change.action)
            written.push({
              ...movement,
              assessment,
              riskLevel: assessment.riskLevel,
              agreementVersion: agreement.version,
              version: movement.version + 1,
              updatedAt: at,
            });
        } else skipped.push(movement.id);
      }
      return { done, skipped, written };
    });
    // Kept as written once committed; the others are read from the database when next needed.
    for (const id of done) kept.delete(id);
    for (const movement of written) if (index.has(movement.id)) kept.set(movement.id, movement);
    for (const id of skipped) kept.delete(id);
    // Changed by another write since they were read: read and assessed again.
    if (skipped.length > 0 && attempts > 1) done.push(...(await reassess(skipped, cause, attempts - 1)));
    return done;
  }

  events.on('risk.changed', ({ payload }) =>
    enqueue(async () => {
      await ready();
      await reassess(index.affectedBy(payload.cells), payload.cause);
    }),
  );
  events.on('agreement.in_force', () =>
    enqueue(async () => {
      await ready();
      await reassess(index.ids(), 'agreement');
    }),
  );

  return {
    /** Fills the index from the database (at start; events wait for it). */
    ready,
    /** Resolves once the events received so far are handled. */
    settled: () => queue,
    /** The movements a change in `cells` touches (for the benchmark). */
    affectedBy: (cells: Iterable<string>) => index.affectedBy(cells),
    assessAll,
    assessChanged,
    reassess,
    /** Keeps a movement's new walk after submit or a changed request, or forgets it once closed. */
    track(movement: Movement, walk: RouteWalk): void {
      if (!loaded) return;
      if (assessedStates.includes(movement.state)) {
        index.set(movement.id, walk);
        kept.set(movement.id, movement);
      } else {
        index.remove(movement.id);
        kept.delete(movement.id);
      }
    },
  };
}

export type MovementReassessment = ReturnType<typeof movementReassessment>;
