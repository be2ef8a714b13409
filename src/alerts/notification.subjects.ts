import type { MovementService } from '../movements/movement.service.js';
import { isAppError } from '../platform/errors.js';
import type { PersonService } from '../registry/person.service.js';
import { presentOne, type Viewing } from '../registry/registry.presenter.js';
import type { SiteService } from '../registry/site.service.js';
import type { UnitService } from '../registry/unit.service.js';
import type { SubjectType } from './notification.js';

/** A record's name as the viewing may see it; null when it may not see the record or its name. */
export type SubjectName = (viewing: Viewing, id: string) => Promise<string | null>;

/** Null for a record the viewing may not see (a 404), rather than an error. */
async function seen<T>(load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (error) {
    if (isAppError(error) && error.status === 404) return null;
    throw error;
  }
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

/**
 * How each kind of record is named in a notice: through its presenter, for the recipient's
 * viewing, so a name the agreement withholds never reaches the text.
 */
export function subjectNames(deps: {
  persons: Pick<PersonService, 'get'>;
  movements: Pick<MovementService, 'get'>;
  sites: Pick<SiteService, 'get'>;
  units: Pick<UnitService, 'get'>;
}): Record<SubjectType, SubjectName> {
  return {
    person: async (viewing, id) => {
      const person = await seen(() => deps.persons.get(viewing, id));
      return person && text(presentOne(viewing, 'person', person).name);
    },
    movement: async (viewing, id) => {
      const movement = await seen(() => deps.movements.get(viewing, id));
      return movement && text(presentOne(viewing, 'movement', movement).purpose);
    },
    site: async (viewing, id) => {
      const site = await seen(() => deps.sites.get(viewing, id));
      return site && text(presentOne(viewing, 'site', site).name);
    },
    unit: async (viewing, id) => {
      const unit = await seen(() => deps.units.get(viewing, id));
      return unit && text(presentOne(viewing, 'unit', unit).callSign);
    },
  };
}
