import type { Actor } from '../access/actor.js';
import type { PartyService } from '../access/party.service.js';
import type { AgreementService } from '../agreement/agreement.service.js';
import type { Clock } from '../platform/clock.js';
import type { SharedEntity } from '../agreement/agreement.schema.js';
import { decide, policyActor, type PolicyContext } from '../agreement/policy.js';
import { sharesFields, visibleOwners } from '../agreement/share.js';
import { type ErrorCode, forbidden, notFound } from '../platform/errors.js';
import type { Viewing } from './registry.presenter.js';

interface Owned {
  partyId: string;
  partyKind: 'host' | 'partner';
}

/** Registry reads and writes ask the agreement the same few questions; here, once. */
export function registryAccess(deps: {
  parties: PartyService;
  agreements: AgreementService;
  clock?: Clock;
  /** The unit a user commands (users.unit_id), asked only of commanders. */
  commandedUnit?: (userId: string) => Promise<string | null>;
}) {
  const { parties: partyList, agreements, clock, commandedUnit } = deps;

  /** Throws not found unless the actor's party owns the record or the agreement shares it. */
  function assertVisible(
    viewing: Viewing,
    entity: SharedEntity,
    record: Owned | null,
    code: ErrorCode & `${string}not_found`,
  ) {
    const { viewer: actor, agreement } = viewing;
    const what = entity[0]!.toUpperCase() + entity.slice(1);
    if (!record) throw notFound(code, what);
    if (actor.type === 'system' || record.partyId === actor.partyId) return;
    const read =
      agreement &&
      decide(agreement, policyActor(actor), {
        type: 'record.read',
        entity,
        ownerPartyId: record.partyId,
        ownerKind: record.partyKind,
      });
    if (!read || !read.allow) throw notFound(code, what);
  }

  /**
   * A request's view of the registry: the actor and the agreement in force, read once from the
   * database (so a version signed on another server instance counts from the next request), and
   * the circumstances that widen what is shared.
   */
  async function viewing(actor: Actor, context: PolicyContext = {}): Promise<Viewing> {
    const commander = actor.type === 'user' && actor.roles.includes('commander') && commandedUnit;
    const commands = commander ? await commandedUnit(actor.id) : null;
    return {
      viewer: actor,
      agreement: await agreements.inForce(),
      context,
      ...(clock ? { at: clock.now() } : {}),
      ...(commands ? { commands } : {}),
    };
  }

  /**
   * Throws unless the actor's party owns the record, as each party manages its own: not found
   * when the agreement does not show the actor the record either, else forbidden.
   */
  async function assertOwns(
    actor: Actor,
    entity: SharedEntity,
    record: Owned | null,
    code: ErrorCode & `${string}not_found`,
  ): Promise<void> {
    if (record && (actor.type === 'system' || record.partyId === actor.partyId)) return;
    assertVisible(await viewing(actor), entity, record, code);
    throw forbidden(`A party cannot change another party's ${entity} records`, {
      clause: 'ownership',
      party: record!.partyId,
    });
  }

  return {
    viewing,
    assertVisible,
    assertOwns,

    /**
     * A record kind's two loads by id, from `find`: the record the viewing may see, and the one
     * the actor's party owns (to change it); not found, or forbidden, as the checks above say.
     */
    loaders<R extends Owned>(entity: SharedEntity, find: (id: string) => Promise<R | null>) {
      const code = `${entity}_not_found` as ErrorCode & `${string}not_found`;
      return {
        visible: async (viewing: Viewing, id: string): Promise<R> => {
          const record = await find(id);
          assertVisible(viewing, entity, record, code);
          return record!;
        },
        owned: async (actor: Actor, id: string): Promise<R> => {
          const record = await find(id);
          await assertOwns(actor, entity, record, code);
          return record!;
        },
      };
    },

    /**
     * The parties whose records of `entity` the viewer's list may hold; with `filteredOn`, only
     * those whose records show the viewer every filtered field (under the viewing's context), so
     * a filter never tests a value the agreement withholds.
     */
    async visibleOwners(
      viewing: Viewing,
      entity: SharedEntity,
      filteredOn: readonly string[] = [],
    ): Promise<string[]> {
      const parties = await partyList.all();
      const { viewer: actor, agreement, context } = viewing;
      if (actor.type === 'system') return parties.map((p) => p.id);
      const viewer = policyActor(actor);
      return visibleOwners(agreement, viewer, entity, parties).filter((id) =>
        sharesFields(
          agreement,
          viewer,
          entity,
          parties.find((p) => p.id === id)!,
          filteredOn,
          context,
        ),
      );
    },
  };
}

export type RegistryAccess = ReturnType<typeof registryAccess>;
