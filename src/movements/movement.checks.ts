import type { Db } from '../database.js';
import { isAppError, validationFailed } from '../platform/errors.js';
import type { PersonService } from '../registry/person.service.js';
import type { Viewing } from '../registry/registry.presenter.js';
import type { SiteService } from '../registry/site.service.js';
import type { MovementInput, PlaceInput } from './movement.js';
import type { Place } from './movement.record.js';
import { overlappingPassengers } from './movement.repository.js';
import { assertPlanned } from './movement.rules.js';

/**
 * The checks of a request against what is stored, with field errors: its places exist and the
 * requester sees them, its passengers exist, may be moved by the requester (own party's, or
 * shared with it), are in the country and are not on another overlapping movement; then the rules
 * across fields. A record the requester may not see is named as not found, as everywhere.
 */
export function movementChecks(deps: { db: Db; persons: PersonService; sites: SiteService }) {
  const { db, persons, sites } = deps;

  /** A thrown not-found as the field error of the input that named the record. */
  async function named<T>(field: string, what: string, load: () => Promise<T>): Promise<T> {
    try {
      return await load();
    } catch (error) {
      if (isAppError(error) && error.status === 404)
        throw validationFailed(field, `${field}: no ${what} you may see has this id`);
      throw error;
    }
  }

  async function placeOf(viewing: Viewing, place: PlaceInput, field: string): Promise<Place> {
    if ('lat' in place) return { siteId: null, lat: place.lat, lon: place.lon };
    const site = await named(`${field}.siteId`, 'site', () => sites.get(viewing, place.siteId));
    if (!site.active) throw validationFailed(`${field}.siteId`, `${field}.siteId: the site is deactivated`);
    return { siteId: site.id, lat: site.lat, lon: site.lon };
  }

  async function checkPassengers(viewing: Viewing, input: MovementInput, movementId: string | null) {
    const seen = new Set<string>();
    for (const [index, id] of input.passengers.entries()) {
      const field = `passengers.${index}`;
      if (seen.has(id)) throw validationFailed(field, `${field}: the person is listed twice`);
      seen.add(id);
      const person = await named(field, 'person', () => persons.get(viewing, id));
      if (!person.active) throw validationFailed(field, `${field}: the person is deactivated`);
      if (person.status !== 'in_country')
        throw validationFailed(field, `${field}: the person is not in the country (status ${person.status})`);
    }
    const [busy] = await overlappingPassengers(
      db,
      input.passengers,
      input.plannedDeparture,
      input.plannedArrival,
      movementId,
    );
    if (busy) {
      const field = `passengers.${input.passengers.indexOf(busy.person_id)}`;
      throw validationFailed(
        field,
        `${field}: the person is on movement ${busy.movement_id}, planned at an overlapping time`,
      );
    }
  }

  return {
    /**
     * Checks a whole request (a change merged with the stored one first) and resolves its places.
     * `movementId` is the movement being changed, whose own passengers do not overlap it.
     */
    async check(
      viewing: Viewing,
      input: MovementInput,
      movementId: string | null = null,
    ): Promise<{ origin: Place; destination: Place }> {
      const origin = await placeOf(viewing, input.origin, 'origin');
      const destination = await placeOf(viewing, input.destination, 'destination');
      assertPlanned({ ...input, origin, destination });
      await checkPassengers(viewing, input, movementId);
      return { origin, destination };
    },
  };
}

export type MovementChecks = ReturnType<typeof movementChecks>;
