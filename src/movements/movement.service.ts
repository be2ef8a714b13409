import { randomUUID } from 'node:crypto';
import { type Actor, owningParty } from '../access/actor.js';
import type { AgreementService } from '../agreement/agreement.service.js';
import { policyActor } from '../agreement/policy.js';
import type { AuditedWrites, WriteScope } from '../audit/audited-write.js';
import type { Db } from '../database.js';
import type { Clock } from '../platform/clock.js';
import { forbidden, notFound, validationFailed } from '../platform/errors.js';
import type { PageRequest } from '../platform/paging.js';
import type { PersonService } from '../registry/person.service.js';
import type { Viewing } from '../registry/registry.presenter.js';
import type { SiteService } from '../registry/site.service.js';
import type { RegistryAccess } from '../registry/visibility.js';
import { assessedStates, editableStates, type MovementInput, type MovementState } from './movement.js';
import type { MovementAssessment } from './movement.assessment.js';
import type { Assessor } from './movement.assess.js';
import { type MovementReassessment, reassessChange } from './movement.reassess.js';
import { movementChecks } from './movement.checks.js';
import {
  approvingLevels,
  escortedBy,
  involves,
  type Movement,
  type Place,
  requestOf,
  sharesMovement,
} from './movement.record.js';
import * as repo from './movement.repository.js';
import { presentHistory } from './movement-history.presenter.js';
import { waypointsOf } from './movement.rules.js';
import type { MovementRow } from './movement.tables.js';
import {
  loadMovement,
  loadMovements,
  type MovementTransitionHook,
  movementTransitions,
} from './movement.transition.js';
import { assertIn, type EscortOf, movementExecution } from './movement.execution.js';

/** A movement's timeline entry as the API shows it. */
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
  assessor: Assessor;
  /** Keeps the re-assessment index in step with submitted and changed movements. */
  reassessment?: MovementReassessment;
  escortOf?: EscortOf;
  /** The person a user is (users.person_id): a protected person sees only the movements they travel on. */
  personOf: (userId: string) => Promise<string | null>;
  /** What opens a round of approvals when a movement enters `submitted` (movement.approvals.ts). */
  onSubmitted?: MovementTransitionHook;
}) {
  const { db, clock, writes, agreements, access, assessor, reassessment, escortOf, personOf } = deps;

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
  const transition = movementTransitions({ writes, agreements, onSubmitted: deps.onSubmitted });

  /** A movement the viewing may see: its party's own, one the agreement shares, or one that involves it. */
  async function loadVisible(viewing: Viewing, id: string): Promise<Movement> {
    const movement = await loadMovement(db, id);
    const viewer = policyActor(viewing.viewer);
    const { agreement } = viewing;
    const sees =
      movement &&
      (viewing.viewer.type === 'system' ||
        sharesMovement(agreement, viewer, movement) ||
        involves(agreement, viewer, movement) ||
        escortedBy(viewing.commands, movement));
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
    assessor.assess({
      waypoints: waypointsOf(input.route),
      corridorMeters: input.corridorMeters,
      plannedDeparture: input.plannedDeparture,
      plannedArrival: input.plannedArrival,
    });

  return {
    /** A movement the viewing may see. */
    get: loadVisible,

    /** The persons and units on movements under way, for the live picture (no viewer: server use). */
    crewsUnderway: (movementId?: string) => repo.crewsUnderway(db, movementId),

    /** A page of the movements the viewing may see, soonest departure first. */
    async list(viewing: Viewing, query: PageRequest & { state?: MovementState[] | undefined }) {
      const viewer = policyActor(viewing.viewer);
      const page = await repo.listMovements(db, {
        ...query,
        states: query.state,
        passenger: await travellerOf(viewing),
        escortUnit: viewing.commands ?? null,
        ownerIds: await access.visibleOwners(viewing, 'movement'),
        draftsOf: viewing.viewer.type === 'system' && viewer.partyId === null ? 'any' : viewer.partyId,
        involved: viewer.partyKind && {
          ownerKind: viewer.partyKind === 'host' ? 'partner' : 'host',
          levels: approvingLevels(viewing.agreement, viewer),
        },
      });
      // The page's passengers and checkpoints in one query each, not one movement at a time.
      return {
        items: await loadMovements(
          db,
          page.items.map((row) => row.id),
        ),
        next: page.next,
      };
    },

    /** The movement's timeline, oldest first: every change with who, when and the agreement version. */
    async history(viewing: Viewing, id: string, page: PageRequest) {
      const movement = await loadVisible(viewing, id);
      const rows = await repo.historyOf(db, id, page);
      return { items: presentHistory(viewing, movement, rows.items), next: rows.next };
    },

    /** The assessment a request would get, stored nowhere: the request form's live preview. */
    async preview(actor: Actor, input: MovementInput): Promise<MovementAssessment> {
      await checks.check(await access.viewing(actor), input);
      return (await assessRequest(input)).assessment;
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
      // Past draft a changed route or time is assessed again, by the same path as an incident.
      const reassessed = assessedStates.includes(movement.state) ? await assessRequest(input) : null;
      const change = reassessed && reassessChange(movement, reassessed.assessment, { cause: 'request' });
      const changed = await transition(actor, movement, {
        ...(change?.action ? { action: change.action } : {}),
        kind: 'update',
        audit: 'movement.updated',
        columns: (now) => ({ ...requestColumns(input, origin, destination), ...change?.columns?.(now) }),
        fields: [...given.flatMap((f) => columnsOfField[f]), ...(change?.fields ?? [])],
        details: { fields: given.sort(), ...change?.details },
        work: async (scope, before) => {
          await storeRequest(scope, id, input);
          await change?.work?.(scope, before);
        },
      });
      if (reassessed) reassessment?.track(changed, reassessed.walk);
      return changed;
    },

    /** Submits a draft for approval, with its assessment. */
    async submit(actor: Actor, id: string): Promise<Movement> {
      const movement = await loadOwned(actor, id);
      assertIn(movement, ['draft'], 'submitted');
      const input = requestOf(movement);
      await checks.check(await access.viewing(actor), input, id);
      const { assessment, walk } = await assessRequest(input);
      const change = reassessChange({ ...movement, assessment: null }, assessment);
      const submitted = await transition(actor, movement, {
        action: 'submit',
        kind: 'submit',
        audit: 'movement.submitted',
        columns: change.columns!,
        details: { riskLevel: assessment.riskLevel },
        work: change.work!,
      });
      reassessment?.track(submitted, walk);
      return submitted;
    },

    /**
     * Assesses a submitted, approved or ready movement again (its route's risk or the agreement
     * changed): stored; after approval, a raised requirement sends it back to `submitted`.
     */
    async reassess(actor: Actor, id: string): Promise<Movement> {
      const movement = await loadVisible(await access.viewing(actor), id);
      assertIn(movement, assessedStates, 'assessed');
      const { assessment, walk } = await assessRequest(requestOf(movement));
      const change = reassessChange(movement, assessment);
      const changed = await transition(actor, movement, change);
      reassessment?.track(changed, walk);
      return changed;
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
