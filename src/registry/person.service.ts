import { randomUUID } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import { policyActor } from '../agreement/policy.js';
import { sharingFor } from '../agreement/share.js';
import type { AuditedWrites, WriteScope } from '../audit/audited-write.js';
import type { Db } from '../database.js';
import { readDataVersions } from '../platform/db/data-version.js';
import { readTogether } from '../platform/db/read-together.js';
import type { FieldCipher } from '../platform/encryption.js';
import { validationFailed } from '../platform/errors.js';
import { slicer } from '../platform/slices.js';
import { type ClearanceRequest, clearanceReads } from './person.clearance.js';
import { findOwned, insertOwned } from './owned.repository.js';
import * as repo from './person.repository.js';
import type { Viewing } from './registry.presenter.js';
import { ownedChanges } from './owned.writes.js';
import type { RegistryAccess } from './visibility.js';
import type { PersonInput } from './registry.js';
import type { PersonRow } from './registry.tables.js';

/**
 * A person as a list shows it, its sensitive fields decrypted when first read: only ever leaves
 * the server through the registry presenter, which reads only the fields it shows.
 */
export interface ListedPerson {
  id: string;
  partyId: string;
  partyKind: 'host' | 'partner';
  name: string;
  nativeName: string | null;
  nationality: string;
  passportNumber: string | null;
  employer: string | null;
  phone: string | null;
  emergencyContact: string | null;
  bloodGroup: string | null;
  siteId: string | null;
  status: PersonRow['status'];
}

/** A person with its bookkeeping. */
export interface Person extends ListedPerson {
  active: boolean;
  isDemo: boolean;
  createdAt: string;
  updatedAt: string;
}

/**
 * A listed person over its row, each sensitive field decrypted on first read, once: a page of
 * persons whose passports are withheld decrypts none. A class, so that a page of them shares its
 * getters rather than defining three on each record.
 */
class ListedRecord implements ListedPerson {
  readonly id: string;
  readonly partyId: string;
  readonly partyKind: 'host' | 'partner';
  readonly name: string;
  readonly nativeName: string | null;
  readonly nationality: string;
  readonly employer: string | null;
  readonly bloodGroup: string | null;
  readonly siteId: string | null;
  readonly status: PersonRow['status'];
  #passportNumber: string | null | undefined;
  #phone: string | null | undefined;
  #emergencyContact: string | null | undefined;

  // Private fields, not properties: nothing that copies or serialises a record reaches them.
  readonly #row: repo.ListedPersonRow;
  readonly #cipher: FieldCipher;

  constructor(row: repo.ListedPersonRow, cipher: FieldCipher) {
    this.#row = row;
    this.#cipher = cipher;
    this.id = row.id;
    this.partyId = row.party_id;
    this.partyKind = row.party_kind;
    this.name = row.name;
    this.nativeName = row.native_name;
    this.nationality = row.nationality;
    this.employer = row.employer;
    this.bloodGroup = row.blood_group;
    this.siteId = row.site_id;
    this.status = row.status;
  }

  get passportNumber(): string | null {
    return this.#passportNumber === undefined
      ? (this.#passportNumber = this.#cipher.decryptOptional(this.#row.passport_enc))
      : this.#passportNumber;
  }

  get phone(): string | null {
    return this.#phone === undefined
      ? (this.#phone = this.#cipher.decryptOptional(this.#row.phone_enc))
      : this.#phone;
  }

  get emergencyContact(): string | null {
    return this.#emergencyContact === undefined
      ? (this.#emergencyContact = this.#cipher.decryptOptional(this.#row.emergency_contact_enc))
      : this.#emergencyContact;
  }
}

/** Fields that change together with the column names they live in, for audit entries. */
const columnOf: Record<keyof PersonInput, string> = {
  name: 'name',
  nativeName: 'native_name',
  nationality: 'nationality',
  passportNumber: 'passport_enc',
  employer: 'employer',
  phone: 'phone_enc',
  emergencyContact: 'emergency_contact_enc',
  bloodGroup: 'blood_group',
  siteId: 'site_id',
  status: 'status',
};

/** A person to register: `partyId` only from the command line or the demo, else the actor's party. */
export type NewPerson = PersonInput & { partyId?: string | undefined; isDemo?: boolean };

export interface PersonQuery {
  siteId?: string | undefined;
  nationality?: string | undefined;
  status?: PersonRow['status'] | undefined;
  employer?: string | undefined;
  q?: string | undefined;
  passportNumber?: string | undefined;
  /** A clearance read: the agreement may share more, and the read is counted and recorded. */
  clearance?: ClearanceRequest | undefined;
  includeInactive?: boolean | undefined;
  after?: string | undefined;
  limit: number;
}

/** Protected persons: registered and changed by their own party, seen by others as agreed. */
export function personService(deps: {
  db: Db;
  writes: AuditedWrites;
  cipher: FieldCipher;
  access: RegistryAccess;
}) {
  const { db, writes, cipher, access } = deps;
  const clearances = clearanceReads({ writes });

  function toListed(row: repo.ListedPersonRow): ListedPerson {
    return new ListedRecord(row, cipher);
  }

  function toPerson(row: PersonRow & { party_kind: 'host' | 'partner' }): Person {
    // Assigned onto the listed person, not spread: a spread would read (decrypt) every getter.
    return Object.assign(toListed(row), {
      active: row.active === 1,
      isDemo: row.is_demo === 1,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    });
  }

  /** The columns for a set of input fields, with the sensitive ones encrypted. */
  function columnsOf(input: Partial<PersonInput>): Partial<PersonRow> {
    const row: Partial<PersonRow> = {};
    if (input.name !== undefined) row.name = input.name;
    if (input.nativeName !== undefined) row.native_name = input.nativeName;
    if (input.nationality !== undefined) row.nationality = input.nationality;
    if (input.passportNumber !== undefined) {
      row.passport_enc = cipher.encryptOptional(input.passportNumber);
      row.passport_index = input.passportNumber ? cipher.blindIndex(input.passportNumber) : null;
    }
    if (input.employer !== undefined) row.employer = input.employer;
    if (input.phone !== undefined) row.phone_enc = cipher.encryptOptional(input.phone);
    if (input.emergencyContact !== undefined)
      row.emergency_contact_enc = cipher.encryptOptional(input.emergencyContact);
    if (input.bloodGroup !== undefined) row.blood_group = input.bloodGroup;
    if (input.siteId !== undefined) row.site_id = input.siteId;
    if (input.status !== undefined) row.status = input.status;
    return row;
  }

  async function checkSite(trx: Db, partyId: string, siteId: string | null | undefined): Promise<void> {
    if (!siteId) return;
    const site = await findOwned(trx, 'sites', siteId);
    // Persons are assigned to their own party's sites; another party's site id is as good as unknown.
    if (!site || site.party_id !== partyId)
      throw validationFailed('siteId', `No site ${siteId} of party ${partyId}`);
  }

  /** Of `persons`, those of another party whose passport number a clearance shows the viewer. */
  function disclosedByClearance<P extends ListedPerson>({ viewer, agreement }: Viewing, persons: P[]): P[] {
    return persons.filter((p) => {
      if (p.partyId === viewer.partyId || !p.passportNumber) return false;
      const owner = { id: p.partyId, kind: p.partyKind };
      const sharing = sharingFor(agreement, policyActor(viewer), 'person', owner, { clearance: true });
      return sharing !== null && sharing.shows('passportNumber');
    });
  }

  const changes = ownedChanges({ writes, table: 'persons', entity: 'person', toRecord: toPerson });
  const { visible: loadVisible, owned: loadOwned } = access.loaders('person', async (id) => {
    const row = await findOwned(db, 'persons', id);
    return row ? toPerson(row) : null;
  });

  /** Inserts one person and its audit entry inside the write; returns the id. */
  async function insertOne({ tx, now, audit }: WriteScope, actor: Actor, input: NewPerson): Promise<string> {
    const partyId = actor.type === 'system' ? input.partyId : actor.partyId;
    if (!partyId) throw validationFailed('partyId', 'Name the party the person belongs to');
    await checkSite(tx, partyId, input.siteId);
    const row: PersonRow = {
      id: randomUUID(),
      party_id: partyId,
      name: input.name,
      native_name: null,
      nationality: input.nationality,
      passport_enc: null,
      passport_index: null,
      employer: null,
      phone_enc: null,
      emergency_contact_enc: null,
      blood_group: null,
      site_id: null,
      status: input.status,
      active: 1,
      is_demo: input.isDemo ? 1 : 0,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      ...columnsOf(input),
    };
    await insertOwned(tx, 'persons', row);
    const fields = (Object.keys(columnOf) as (keyof PersonInput)[]).filter(
      (k) => input[k] !== undefined && input[k] !== null,
    );
    await audit({
      action: 'person.created',
      entityId: row.id,
      partyId,
      fields: fields.map((k) => columnOf[k]),
    });
    return row.id;
  }

  return {
    /**
     * The stamp of what a list of persons is made of: the persons and the parties, read before
     * them; it moves with every write to either.
     */
    dataVersion: readTogether(() => readDataVersions(db, ['parties', 'persons'])),

    /** A person the viewing's actor may see. */
    get: loadVisible,

    /**
     * Shows a person for a security clearance (the viewing's context says so): the agreement may
     * share the passport number then. Disclosing it to another party is counted against the
     * actor's allowance and audited.
     */
    async getForClearance(viewing: Viewing, id: string, request: ClearanceRequest): Promise<Person> {
      const person = await loadVisible(viewing, id);
      await clearances.authorize(viewing, request, [person.partyId]);
      await clearances.disclose(viewing, request, disclosedByClearance(viewing, [person]));
      return person;
    },

    /** A page of the persons the viewing's actor may see, filtered only on fields shown to them. */
    async list(viewing: Viewing, query: PersonQuery) {
      if (query.clearance)
        await clearances.authorize(viewing, query.clearance, await access.visibleOwners(viewing, 'person'));
      const filteredOn = [
        ...(query.siteId ? ['siteId'] : []),
        ...(query.nationality ? ['nationality'] : []),
        ...(query.status ? ['status'] : []),
        ...(query.employer ? ['employer'] : []),
        ...(query.q ? ['name', 'nativeName'] : []),
        ...(query.passportNumber ? ['passportNumber'] : []),
      ];
      const page = await repo.listPersons(db, {
        ownerIds: await access.visibleOwners(viewing, 'person', filteredOn),
        siteId: query.siteId,
        nationality: query.nationality?.toUpperCase(),
        status: query.status,
        employer: query.employer,
        q: query.q,
        passportIndex: query.passportNumber ? cipher.blindIndex(query.passportNumber) : undefined,
        includeInactive: query.includeInactive,
        after: query.after,
        limit: query.limit,
      });
      const persons = page.items.map(toListed);
      // A list for a clearance discloses other parties' passport numbers: each is counted and recorded.
      if (query.clearance)
        await clearances.disclose(viewing, query.clearance, disclosedByClearance(viewing, persons));
      return { items: persons, next: page.next };
    },

    async create(actor: Actor, input: NewPerson) {
      return writes.write(actor, async (scope) => {
        const id = await insertOne(scope, actor, input);
        return toPerson((await findOwned(scope.tx, 'persons', id))!);
      });
    },

    /**
     * Registers many persons in one transaction: all or none. Reports progress as it goes, and
     * yields to the event loop between slices so that a large import does not stop the server.
     */
    async createMany(actor: Actor, inputs: NewPerson[], onProgress?: (done: number, total: number) => void) {
      const slices = slicer();
      await writes.write(actor, async (scope) => {
        for (const [i, input] of inputs.entries()) {
          await slices.pause();
          await insertOne(scope, actor, input);
          if (onProgress && (i % 50 === 49 || i === inputs.length - 1)) onProgress(i + 1, inputs.length);
        }
      });
    },

    async update(actor: Actor, id: string, input: Partial<PersonInput>) {
      const person = await loadOwned(actor, id);
      const changed = (Object.keys(input) as (keyof PersonInput)[]).filter((k) => input[k] !== undefined);
      if (changed.length === 0) return person;
      return changes.change(
        actor,
        person,
        'person.updated',
        changed.map((k) => columnOf[k]),
        async (tx) => {
          await checkSite(tx, person.partyId, input.siteId);
          return columnsOf(input);
        },
      );
    },

    /** Deactivates a person (they left the programme); the record stays for the history. */
    async deactivate(actor: Actor, id: string) {
      return changes.deactivate(actor, await loadOwned(actor, id));
    },
  };
}

export type PersonService = ReturnType<typeof personService>;
