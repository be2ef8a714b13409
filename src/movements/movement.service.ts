import { randomUUID } from 'node:crypto';
import { type Actor, owningParty } from '../access/actor.js';
import type { AgreementService } from '../agreement/agreement.service.js';
import { policyActor } from '../agreement/policy.js';
import type { AuditedWrites, WriteScope } from '../audit/audited-write.js';
import type { Db } from '../database.js';
import type { Clock } from '../platform/clock.js';
import { forbidden, notFound, validationFailed } from '../platform/errors.js';
import { mapPage, type PageRequest } from '../platform/paging.js';
import type { PersonService } from '../registry/person.service.js';
import type { Viewing } from '../registry/registry.presenter.js';
import type { SiteService } from '../registry/site.service.js';
import type { RegistryAccess } from '../registry/visibility.js';
import { assessedStates, editableStates, type MovementInput, type MovementState } from './movement.js';
import type { MovementAssessment } from './movement.assessment.js';
import { type Assess, requirementRaised } from './movement.assess.js';
import { movementChecks } from './movement.checks.js';
import {
  approvingLevels,
  involves,
  type Movement,
  type Place,
  requestOf,
  sharesMovement,
} from './movement.record.js';
import * as repo from './movement.repository.js';
import { waypointsOf } from './movement.rules.js';
import type { MovementRow } from './movement.tables.js';
import { loadMovement, movementTransitions } from './movement.transition.js';
import { assertIn, type EscortOf, movementExecution } from './movement.execution.js';

/** A movement's timeline entry as the API shows it. */
export interface MovementHistoryEntry {
  seq: number;
  at: string;
  kind: string;
  from: string | null;
  to: string | null;
  actorId: string | null;
  partyId: string | null;
  agreementVersion: number | null;
  details: Record<string, unknown> | null;
}

/** The stored columns each input field is kept in, for the audit entry of a change. */
const columnsOfField: Record<keyof MovementInput, readonly string[]> = {
  purpose: ['purpose'],
  passengers: ['passengers'],
  origin: ['origin_site_id', 'origin_lat', 'origin_lon'],
  destination: ['destination_site_id', 'destination_lat', 'destination_lon'],
  route: ['route'],
  corridorMeters: ['corridor_m'],
  plannedDeparture: ['planned_departure'],
  plannedArrival: ['planned_arrival'],
  checkpoints: ['checkpoints'],
  vehicles: ['vehicles'],
};
const assessmentColumns = ['assessed_at', 'assessment', 'risk_level'];

function requestColumns(input: MovementInput, origin: Place, destination: Place) {
  return {
    purpose: input.purpose,
    origin_site_id: origin.siteId,
    origin_lat: origin.lat,
    origin_lon: origin.lon,
    destination_site_id: destination.siteId,
    destination_lat: destination.lat,
    destination_lon: destination.lon,
    route: JSON.stringify(input.route),
    corridor_m: input.corridorMeters,
    planned_departure: input.plannedDeparture,
    planned_arrival: input.plannedArrival,
    vehicles: JSON.stringify(input.vehicles),
  } satisfies Partial<MovementRow>;
}

const assessed = (assessment: MovementAssessment) => (now: string) => ({
  assessment: JSON.stringify(assessment),
  risk_level: assessment.riskLevel,
  assessed_at: now,
});

/** Stores the request's passengers (with the planned window) and checkpoints, replacing any before. */
async function storeRequest({ tx }: WriteScope, id: string, input: MovementInput) {
  await repo.replacePassengers(
    tx,
    id,
    input.passengers.map((person_id) => ({
      movement_id: id,
      person_id,
      starts_at: input.plannedDeparture,
      ends_at: input.plannedArrival,
      active: 1,
    })),
  );
  await repo.replaceCheckpoints(
    tx,
    id,
    input.checkpoints.map((c, position) => ({
      movement_id: id,
      position,
      name: c.name,
      lat: c.lat,
      lon: c.lon,
      planned_at: c.plannedAt,
      passed_at: null,
      passed_by: null,
    })),
  );
}

/** Movements: requests, their assessment, and their execution. */
export function movementService(deps: {
  db: Db;
  clock: Clock;
  writes: AuditedWrites;
  agreements: AgreementService;
  access: RegistryAccess;
  persons: PersonService;
  sites: SiteService;
  assess: Assess;
  escortOf?: EscortOf;
  /** The person a user is (users.person_id): a protected person sees only the movements they travel on. */
  personOf: (userId: string) => Promise<string | null>;
}) {
  const { db, clock, writes, agreements, access, assess, escortOf, personOf } = deps;

  /**
   * For a protected person (a user whose only role is person), the person they are: they see
   * only the movements they travel on, whatever their party sees (null: linked to no one, none).
   * Undefined for everyone else. A commander's view of their unit's movements comes with escorts.
   */
  async function travellerOf(viewing: Viewing): Promise<string | null | undefined> {
    const { viewer } = viewing;
    if (viewer.type !== 'user' || viewer.roles.some((role) => role !== 'person')) return undefined;
    return personOf(viewer.id);
  }
  const checks = movementChecks(deps);
  const transition = movementTransitions({ writes, agreements });

  /** A movement the viewing may see: its party's own, one the agreement shares, or one that involves it. */
  async function loadVisible(viewing: Viewing, id: string): Promise<Movement> {
    const movement = await loadMovement(db, id);
    const viewer = policyActor(viewing.viewer);
    const { agreement } = viewing;
    const sees =
      movement &&
      (viewing.viewer.type === 'system' ||
        sharesMovement(agreement, viewer, movement) ||
        involves(agreement, viewer, movement));
    if (!sees) throw notFound('movement_not_found', 'Movement');
    const traveller = await travellerOf(viewing);
    if (traveller !== undefined && !(traveller && movement.passengers.includes(traveller)))
      throw notFound('movement_not_found', 'Movement');
    return movement;
  }

  /** A movement of the actor's own party, to change its request: not found, or forbidden if seen. */
  async function loadOwned(actor: Actor, id: string): Promise<Movement> {
    const movement = await loadVisible(await access.viewing(actor), id);
    if (actor.type !== 'system' && movement.partyId !== actor.partyId)
      throw forbidden("A party cannot change another party's movement requests", {
        clause: 'ownership',
        party: movement.partyId,
      });
    return movement;
  }

  /**
   * A movement the actor may execute (depart, arrive, abort, checkpoints, debrief): its own
   * party's, or any the host sees, since the host's forces escort every movement.
   */
  async function loadExecutable(actor: Actor, id: string): Promise<Movement> {
    const movement = await loadVisible(await access.viewing(actor), id);
    if (actor.type === 'system' || movement.partyId === actor.partyId || actor.partyKind === 'host')
      return movement;
    throw forbidden("Only the movement's own party and the host execute a movement", {
      clause: 'ownership',
      party: movement.partyId,
    });
  }

  const assessRequest = (input: MovementInput) =>
    assess({
      waypoints: waypointsOf(input.route),
      plannedDeparture: input.plannedDeparture,
      plannedArrival: input.plannedArrival,
    });

  /**
   * A new assessment of a stored movement, as a change: stored, and if it asks more than the one
   * the approvals answered, the movement goes back to `submitted` and those approvals no longer
   * count (kept, marked superseded).
   */
  function reassessing(movement: Movement, assessment: MovementAssessment) {
    const raised = movement.assessment ? requirementRaised(movement.assessment, assessment) : false;
    const sendBack = raised && (movement.state === 'approved' || movement.state === 'ready');
    return {
      sendBack,
      change: {
        ...(sendBack ? { action: 'reassess' as const } : {}),
        columns: assessed(assessment),
        details: { riskLevel: assessment.riskLevel, raised, approvalsSuperseded: sendBack },
        work: async ({ tx, publish }: WriteScope) => {
          if (sendBack) await repo.supersedeApprovals(tx, movement.id);
          publish('movement.assessed', { movementId: movement.id, riskLevel: assessment.riskLevel, raised });
        },
      },
    };
  }

  return {
    /** A movement the viewing may see. */
    get: loadVisible,

    /** A page of the movements the viewing may see, soonest departure first. */
    async list(viewing: Viewing, query: PageRequest & { state?: MovementState[] | undefined }) {
      const viewer = policyActor(viewing.viewer);
      const page = await repo.listMovements(db, {
        ...query,
        states: query.state,
        passenger: await travellerOf(viewing),
        ownerIds: await access.visibleOwners(viewing, 'movement'),
        involved: viewer.partyKind && {
          ownerKind: viewer.partyKind === 'host' ? 'partner' : 'host',
          levels: approvingLevels(viewing.agreement, viewer),
        },
      });
      const rows = await Promise.all(page.items.map((row) => loadMovement(db, row.id)));
      return { items: rows.filter((m): m is Movement => m !== null), next: page.next };
    },

    /** The movement's timeline, oldest first: every change with who, when and the agreement version. */
    async history(viewing: Viewing, id: string, page: PageRequest) {
      await loadVisible(viewing, id);
      return mapPage(await repo.historyOf(db, id, page), (h): MovementHistoryEntry => ({
        seq: h.seq,
        at: h.at,
        kind: h.kind,
        from: h.from_state,
        to: h.to_state,
        actorId: h.actor_id,
        partyId: h.party_id,
        agreementVersion: h.agreement_version,
        details: h.details === null ? null : (JSON.parse(h.details) as Record<string, unknown>),
      }));
    },

    /** The assessment a request would get, stored nowhere: the request form's live preview. */
    async preview(actor: Actor, input: MovementInput): Promise<MovementAssessment> {
      await checks.check(await access.viewing(actor), input);
      return assessRequest(input);
    },

    /** Records a request as a draft of the actor's party. */
    async create(
      actor: Actor,
      input: MovementInput & { partyId?: string; requestedBy?: string; isDemo?: boolean },
    ): Promise<Movement> {
      const partyId = owningParty(actor, input.partyId, 'movement');
      const requestedBy = actor.type === 'user' ? actor.id : input.requestedBy;
      if (!requestedBy) throw validationFailed('requestedBy', 'Name the user who requests the movement');
      const { origin, destination } = await checks.check(await access.viewing(actor), input);
      return writes.write(actor, async (scope) => {
        const { tx, now, audit, publish } = scope;
        const at = now.toISOString();
        const agreement = await agreements.inForceWithin(tx);
        const id = randomUUID();
        await repo.insertMovement(tx, {
          id,
          party_id: partyId,
          state: 'draft',
          ...requestColumns(input, origin, destination),
          risk_level: null,
          assessment: null,
          assessed_at: null,
          requested_by: requestedBy,
          agreement_version: agreement?.version ?? null,
          departed_at: null,
          arrived_at: null,
          ended_reason: null,
          debrief: null,
          version: 1,
          is_demo: input.isDemo ? 1 : 0,
          created_at: at,
          updated_at: at,
        });
        await storeRequest(scope, id, input);
        await repo.appendHistory(tx, {
          movement_id: id,
          at,
          kind: 'create',
          from_state: null,
          to_state: 'draft',
          actor_id: actor.id,
          party_id: actor.partyId,
          agreement_version: agreement?.version ?? null,
          details: null,
        });
        const fields = Object.keys(columnsOfField) as (keyof MovementInput)[];
        await audit({
          action: 'movement.created',
          entityId: id,
          partyId,
          fields: fields.flatMap((f) => columnsOfField[f]).sort(),
        });
        publish('movement.changed', {
          movementId: id,
          partyId,
          action: 'create',
          from: null,
          to: 'draft',
          version: 1,
        });
        return (await loadMovement(tx, id))!;
      });
    },

    /**
     * Changes the request while it may still be edited. Past draft the change is assessed again,
     * as on submit; an assessment that asks more after approval sends it back to `submitted`.
     */
    async update(actor: Actor, id: string, patch: Partial<MovementInput>): Promise<Movement> {
      const movement = await loadOwned(actor, id);
      assertIn(movement, editableStates, 'changed');
      const given = (Object.keys(patch) as (keyof MovementInput)[]).filter((f) => patch[f] !== undefined);
      if (given.length === 0) return movement;
      const input: MovementInput = { ...requestOf(movement), ...patch };
      const { origin, destination } = await checks.check(await access.viewing(actor), input, id);
      const reassessed = assessedStates.includes(movement.state)
        ? reassessing(movement, await assessRequest(input))
        : null;
      const change = reassessed?.change;
      return transition(actor, movement, {
        ...(change?.action ? { action: change.action } : {}),
        kind: 'update',
        audit: 'movement.updated',
        columns: (now) => ({ ...requestColumns(input, origin, destination), ...change?.columns(now) }),
        fields: [...given.flatMap((f) => columnsOfField[f]), ...(change ? assessmentColumns : [])],
        details: { fields: given.sort(), ...change?.details },
        work: async (scope) => {
          await storeRequest(scope, id, input);
          await change?.work(scope);
        },
      });
    },

    /** Submits a draft for approval, with its assessment. */
    async submit(actor: Actor, id: string): Promise<Movement> {
      const movement = await loadOwned(actor, id);
      assertIn(movement, ['draft'], 'submitted');
      const input = requestOf(movement);
      await checks.check(await access.viewing(actor), input, id);
      const assessment = await assessRequest(input);
      return transition(actor, movement, {
        action: 'submit',
        kind: 'submit',
        audit: 'movement.submitted',
        columns: assessed(assessment),
        details: { riskLevel: assessment.riskLevel },
        work: async ({ publish }) =>
          publish('movement.assessed', { movementId: id, riskLevel: assessment.riskLevel, raised: false }),
      });
    },

    /**
     * Assesses a submitted, approved or ready movement again (its route's risk or the agreement
     * changed): stored; after approval, a raised requirement sends it back to `submitted`.
     */
    async reassess(actor: Actor, id: string): Promise<Movement> {
      const movement = await loadVisible(await access.viewing(actor), id);
      assertIn(movement, assessedStates, 'assessed');
      const { sendBack, change } = reassessing(movement, await assessRequest(requestOf(movement)));
      return transition(actor, movement, {
        ...change,
        kind: sendBack ? 'reassess' : 'assess',
        audit: sendBack ? 'movement.reassessed' : 'movement.assessed',
      });
    },

    async cancel(actor: Actor, id: string, reason: string): Promise<Movement> {
      const movement = await loadOwned(actor, id);
      return transition(actor, movement, {
        action: 'cancel',
        kind: 'cancel',
        audit: 'movement.cancelled',
        columns: () => ({ ended_reason: reason }),
        details: { reason },
      });
    },

    ...movementExecution({ db, clock, agreements, transition, loadExecutable, escortOf }),
  };
}

export type MovementService = ReturnType<typeof movementService>;
