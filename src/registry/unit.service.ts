import { owningParty, type Actor } from '../access/actor.js';
import type { AgreementService } from '../agreement/agreement.service.js';
import { decide, refusedBy } from '../agreement/policy.js';
import type { AuditedWrites } from '../audit/audited-write.js';
import type { Db, Tx } from '../database.js';
import { AppError, validationFailed } from '../platform/errors.js';
import { mapPage } from '../platform/paging.js';
import type { Viewing } from './registry.presenter.js';
import { assertUnitConsistent, type UnitInput, unitFields } from './registry.js';
import {
  columnOf,
  columnsOf,
  givenFields,
  newColumnsOf,
  recordOf,
  type RecordOf,
  withChanges,
} from './record-columns.js';
import { findOwned, type OwnedRow } from './owned.repository.js';
import type { UnitRow } from './registry.tables.js';
import * as repo from './unit.repository.js';
import { ownedChanges } from './owned.writes.js';
import type { RegistryAccess } from './visibility.js';

/** A unit as stored, each column under its field's name; `partyKind` is its owner's kind. */
export type Unit = RecordOf<OwnedRow<'units'>>;

const fields = Object.keys(unitFields.shape) as (keyof UnitInput)[];
// Every input field is a column of the row, under its snake_case name: this fails to compile otherwise.
const inputsHaveColumns: Unit extends Record<keyof UnitInput, unknown> ? true : never = true;
void inputsHaveColumns;
const toUnit = (row: OwnedRow<'units'>): Unit => recordOf(row);

/** Security units: which party may field which kind is the agreement's to say. */
export function unitService(deps: {
  db: Db;
  writes: AuditedWrites;
  agreements: AgreementService;
  access: RegistryAccess;
}) {
  const { db, writes, agreements, access } = deps;

  const { visible: loadVisible, owned: loadOwned } = access.loaders('unit', async (id) => {
    const row = await findOwned(db, 'units', id);
    return row ? toUnit(row) : null;
  });

  const changes = ownedChanges({ writes, table: 'units', entity: 'unit', toRecord: toUnit });

  /**
   * Asks the agreement in force whether the party may field this kind of unit where it is based
   * (the base site's protection level stands for the area's risk). Returns the version that allowed it.
   */
  async function allowKind(
    trx: Tx,
    partyId: string,
    kind: UnitRow['kind'],
    baseSiteId: string | null | undefined,
  ) {
    const agreement = await agreements.inForceWithin(trx);
    if (!agreement)
      throw new AppError(
        'agreement_not_in_force',
        'No agreement is in force: units wait until both parties sign one',
      );
    const partyKind = await repo.partyKindOf(trx, partyId);
    let riskLevel: number | undefined;
    if (baseSiteId) {
      const site = await findOwned(trx, 'sites', baseSiteId);
      if (!site || site.party_id !== partyId)
        throw validationFailed('baseSiteId', `No site ${baseSiteId} of party ${partyId}`);
      riskLevel = site.protection_level;
    }
    const decision = decide(
      agreement,
      { partyId, partyKind, roles: [] },
      { type: 'unit.provide', kind, providerKind: partyKind, riskLevel },
    );
    if (!decision.allow) throw refusedBy(decision, 'kind', 'body');
    return decision.version;
  }

  return {
    /** A unit the viewing's actor may see. */
    get: loadVisible,

    /** A page of the units the viewing's actor may see. */
    async list(
      viewing: Viewing,
      query: {
        kind?: UnitRow['kind'];
        status?: UnitRow['status'];
        includeInactive?: boolean;
        after?: string;
        limit: number;
      },
    ) {
      const page = await repo.listUnits(db, {
        ...query,
        ownerIds: await access.visibleOwners(viewing, 'unit'),
      });
      return mapPage(page, toUnit);
    },

    async create(actor: Actor, input: UnitInput & { partyId?: string; isDemo?: boolean }) {
      const partyId = owningParty(actor, input.partyId, 'unit');
      assertUnitConsistent(input);
      const given = fields.filter((field) => input[field] != null).map(columnOf);
      return changes.create(actor, { partyId, isDemo: input.isDemo }, given, async (tx) => ({
        agreement_version: await allowKind(tx, partyId, input.kind, input.baseSiteId),
        ...newColumnsOf<keyof UnitInput, UnitRow>(fields, input),
      }));
    },

    async update(actor: Actor, id: string, input: Partial<UnitInput>) {
      const unit = await loadOwned(actor, id);
      const changed = givenFields(fields, input);
      if (changed.length === 0) return unit;
      assertUnitConsistent(withChanges(unit, input));
      return changes.change(actor, unit, 'unit.updated', changed.map(columnOf), async (tx) => {
        const columns = columnsOf<keyof UnitInput, UnitRow>(fields, input);
        // A new kind or base is a new decision under the agreement in force.
        if (input.kind !== undefined || input.baseSiteId !== undefined) {
          columns.agreement_version = await allowKind(
            tx,
            unit.partyId,
            input.kind ?? unit.kind,
            input.baseSiteId === undefined ? unit.baseSiteId : input.baseSiteId,
          );
        }
        return columns;
      });
    },

    async deactivate(actor: Actor, id: string) {
      return changes.deactivate(actor, await loadOwned(actor, id));
    },
  };
}

export type UnitService = ReturnType<typeof unitService>;
