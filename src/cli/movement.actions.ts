import type { Command } from 'commander';
import { type Actor, cliActor, userActor } from '../access/actor.js';
import { type MovementState, movementStates } from '../movements/movement.js';
import type { Movement } from '../movements/movement.record.js';
import type { MovementHistoryEntry } from '../movements/movement-history.presenter.js';
import { forbidden, isAppError, validationFailed } from '../platform/errors.js';
import { maxPageSize } from '../platform/paging.js';
import { type Presented, present, presentOne, type Viewing } from '../registry/registry.presenter.js';
import type { Services } from '../services.js';
import { namedParty, withServices } from './context.js';
import { type Names, renderList, renderMovement } from './movement.render.js';
import { out } from './output.js';

interface ViewerOptions {
  party: string;
  user?: string;
  json?: boolean;
}

/**
 * Who reads: by default an operator of a party (the host unless `--party` names another), who
 * sees that party's own movements whole and no other party's; with `--user`, that user, shown
 * what their party and roles are shown under the agreement, as in the web app.
 */
async function viewerOf(services: Services, options: ViewerOptions, command: Command): Promise<Actor> {
  if (options.user === undefined) return cliActor(await namedParty(services, options.party));
  if (command.getOptionValueSource('party') !== 'default')
    throw validationFailed('user', "--user reads as the user's own party: give --user or --party, not both");
  let user;
  try {
    user = await services.users.getByUsername(cliActor(), options.user);
  } catch (error) {
    if (isAppError(error) && error.status === 404)
      throw validationFailed('user', `--user: no user ${options.user}`);
    throw error;
  }
  if (user.disabledAt !== null)
    throw forbidden(`--user: ${options.user} is disabled`, { party: user.partyId, field: 'user' });
  return userActor(user, 'token', 'cli', true);
}

/** Every page of a paged read. */
async function allPages<T>(
  read: (after: string | undefined) => Promise<{ items: T[]; next: string | null }>,
) {
  const items: T[] = [];
  let after: string | undefined;
  do {
    const page = await read(after);
    items.push(...page.items);
    after = page.next ?? undefined;
  } while (after !== undefined);
  return items;
}

/** A record's name as the viewer is shown it, or nothing when it is not shown to them. */
async function nameOf(read: () => Promise<string | undefined>): Promise<string | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isAppError(error) && error.status === 404) return undefined;
    throw error;
  }
}

/** Resolves each id to a name with `read`, keeping the ids it has no name for out of the map. */
async function namesOf(
  ids: Iterable<string>,
  read: (id: string) => Promise<string | undefined>,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of new Set(ids)) {
    const name = await nameOf(() => read(id));
    if (name !== undefined) names.set(id, name);
  }
  return names;
}

/**
 * The names the text shows instead of ids, each read as the viewer may see it: sites, persons and
 * units through their presenters; users only of the viewer's own party (accounts are not shared).
 */
async function resolveNames(
  services: Services,
  viewing: Viewing,
  movements: readonly Presented<'movement'>[],
  history: readonly MovementHistoryEntry[] = [],
  whole = false,
): Promise<Names> {
  const siteIds = movements.flatMap((m) => [m.origin?.siteId, m.destination?.siteId]);
  const sites = await namesOf(
    siteIds.filter((id): id is string => !!id),
    async (id) => present(viewing, 'site', [await services.sites.get(viewing, id)])[0]?.name,
  );
  if (!whole) return { sites, persons: new Map(), units: new Map(), users: new Map() };
  const persons = await namesOf(
    movements.flatMap((m) => m.passengers ?? []),
    async (id) => present(viewing, 'person', [await services.persons.get(viewing, id)])[0]?.name,
  );
  const units = await namesOf(
    movements.flatMap((m) => (m.units ?? []).map((u) => u.unitId)),
    async (id) => present(viewing, 'unit', [await services.units.get(viewing, id)])[0]?.callSign,
  );
  const userIds = [
    ...movements.flatMap((m) => (m.requestedBy ? [m.requestedBy] : [])),
    ...history.flatMap((h) => (h.actorId ? [h.actorId] : [])),
  ];
  const users = await namesOf(userIds, async (id) => {
    const user = await services.users.get(cliActor(), id);
    return user.partyId === viewing.viewer.partyId ? user.username : undefined;
  });
  return { sites, persons, units, users };
}

/** The clock the agreement's hours are in; UTC without an agreement in force. */
const timeZoneOf = (viewing: Viewing) => viewing.agreement?.document.timeZone ?? 'UTC';

/** `jsms movement list`. */
export async function listMovements(options: ViewerOptions & { state: string[] }, command: Command) {
  const bad = options.state.find((s) => !(movementStates as readonly string[]).includes(s));
  if (bad !== undefined)
    throw validationFailed('state', `--state is one of ${movementStates.join(', ')}, not ${bad}`);
  const state = options.state.length > 0 ? (options.state as MovementState[]) : undefined;
  await withServices(command, async (services) => {
    const viewing = await services.visibility.viewing(await viewerOf(services, options, command));
    const movements = await allPages<Movement>((after) =>
      services.movements.list(viewing, { limit: maxPageSize, after, state }),
    );
    const shown = present(viewing, 'movement', movements);
    if (options.json) return out(JSON.stringify(shown, null, 2));
    const names = await resolveNames(services, viewing, shown);
    for (const line of renderList(shown, names, timeZoneOf(viewing))) out(line);
  });
}

/** `jsms movement show`. */
export async function showMovement(id: string, options: ViewerOptions, command: Command) {
  await withServices(command, async (services) => {
    const viewing = await services.visibility.viewing(await viewerOf(services, options, command));
    const movement = presentOne(viewing, 'movement', await services.movements.get(viewing, id));
    const history = await allPages((after) =>
      services.movements.history(viewing, id, { limit: maxPageSize, after }),
    );
    if (options.json) return out(JSON.stringify({ movement, history }, null, 2));
    const names = await resolveNames(services, viewing, [movement], history, true);
    for (const line of renderMovement(movement, history, names, timeZoneOf(viewing))) out(line);
  });
}
