import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Role, roles, type SystemActor, type UserActor } from '../access/actor.js';
import { userActor } from '../access/actor.js';
import { hasPartyKey, initPartyKey } from '../audit/signing-keys.js';
import type { Services } from '../services.js';
import { type DemoActors, seedDemoMovements } from './movements.js';
import { demoCommandedUnits, demoPersons, demoSites, demoUnits } from './scenario.js';
import { seedDemoAlerts } from './alerts.js';
import { seedDemoTracking } from './tracking.js';

export const demoParties = [
  { id: 'ssd', name: 'Special Security Division (demo)', kind: 'host' as const },
  { id: 'cso', name: 'Contractor security office (demo)', kind: 'partner' as const },
];

const demoActor: SystemActor = { type: 'system', id: 'demo', partyId: null };

/** The file the demo writes its credentials to, beside the database. */
export function demoCredentialsFile(dataDir: string): string {
  return path.join(dataDir, 'demo-credentials.txt');
}

/** True when the demo scenario is already in this database. */
export async function isDemoSeeded(services: Services): Promise<boolean> {
  const parties = await services.parties.list(demoActor);
  return parties.some((p) => p.isDemo);
}

/**
 * Seeds the demo scenario: both parties, a user for every role of each (random passwords, and
 * TOTP secrets for the admins, written to a 0600 file), both parties' signing keys, agreement v1
 * (docs/agreement.example.yaml) signed by both admins, the registry (sites at real places,
 * 40 invented persons, 10 units, each party's commander leading one), movements
 * (src/demo/movements.ts, planned from `now`), devices with their last hour of fixes
 * (src/demo/tracking.ts), and a first audit checkpoint signed by both.
 * Returns the credentials file.
 */
export async function seedDemo(
  services: Services,
  options: { dataDir: string; keysDir: string; now?: Date },
): Promise<string> {
  const lines = [
    '# JSMS demo credentials: random for this data directory. Keep this file private (mode 0600).',
    '# username\tparty\trole\tpassword\ttotp secret (admins: add it to an authenticator app)',
  ];
  const actors: DemoActors = {};
  const createUser = async (party: (typeof demoParties)[number], role: Role, unitId?: string) => {
    const { user, password } = await services.users.create(demoActor, {
      partyId: party.id,
      username: `${party.id}-${role}`,
      displayName: `${role[0]!.toUpperCase()}${role.slice(1)}, ${party.name}`,
      roles: [role],
      unitId,
      isDemo: true,
    });
    const totp = role === 'admin' ? (await services.users.assignTotp(demoActor, user.id)).secret : '';
    lines.push([user.username, party.id, role, password, totp].join('\t'));
    actors[user.username] = userActor({ ...user, partyKind: party.kind }, 'token', 'demo', true);
  };
  for (const party of demoParties) {
    await services.parties.create(demoActor, { ...party, isDemo: true });
    if (!hasPartyKey(options.keysDir, party.id)) initPartyKey(options.keysDir, party.id);
    for (const role of roles) {
      // A commander leads a unit, which the registry holds only once the agreement is signed.
      if (role === 'commander' || (role === 'person' && party.kind === 'host')) continue;
      await createUser(party, role);
    }
  }
  const admins = demoParties.map((party) => actors[`${party.id}-admin`]!);
  const { siteIds, unitIds } = await seedAgreementAndRegistry(services, admins);
  for (const party of demoParties)
    await createUser(party, 'commander', unitIds[demoCommandedUnits[party.id]!]);
  await seedDemoMovements(services, actors, siteIds, options.now ?? new Date());
  await seedDemoTracking(services, options.now ?? new Date());
  await seedDemoAlerts(services, actors);
  // The demo server holds both parties' keys (and says so at start), so it signs as both.
  await services.audit.checkpoint(demoActor);
  const file = demoCredentialsFile(options.dataDir);
  writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

const exampleAgreement = new URL('../../docs/agreement.example.yaml', import.meta.url);

/**
 * Agreement v1 signed by both admins, then the sites, units and persons it governs; the sites'
 * ids by key and the units' by call sign.
 */
async function seedAgreementAndRegistry(
  services: Services,
  admins: UserActor[],
): Promise<{ siteIds: Record<string, string>; unitIds: Record<string, string> }> {
  const [first, ...others] = admins;
  const proposed = await services.agreements.propose(first!, readFileSync(exampleAgreement, 'utf8'));
  for (const admin of [first!, ...others]) await services.agreements.sign(admin, proposed.version);
  const siteIds: Record<string, string> = {};
  for (const { key, ...site } of demoSites) {
    siteIds[key] = (await services.sites.create(demoActor, { ...site, isDemo: true })).id;
  }
  const unitIds: Record<string, string> = {};
  for (const { baseKey, ...unit } of demoUnits) {
    const created = await services.units.create(demoActor, {
      ...unit,
      baseSiteId: siteIds[baseKey]!,
      isDemo: true,
    });
    unitIds[unit.callSign] = created.id;
  }
  await services.persons.createMany(
    demoActor,
    demoPersons(siteIds).map((p) => ({ ...p, isDemo: true })),
  );
  return { siteIds, unitIds };
}
