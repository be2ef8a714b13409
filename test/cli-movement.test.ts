import { describe, expect, it } from 'vitest';
import { actorOf, putAgreementInForce } from './helpers/agreement.js';
import { system, type TestApp } from './helpers/app.js';
import { jsmsEnv, runJsms } from './helpers/cli.js';
import { movementPayload } from './helpers/movement.js';
import { createPerson } from './helpers/routes.js';
import { useTestApp } from './helpers/use-test-app.js';

/** The movements the tests read, by what they are: their ids. */
const ids = { draft: '', submitted: '', host: '', cancelled: '' };

/**
 * Four movements on the Islamabad–Rawalpindi leg of the shared request, a day apart: the
 * partner's draft (from a site of its own), submitted and cancelled ones, and the host's
 * submitted request for a partner's person.
 */
async function seedMovements(t: TestApp) {
  await putAgreementInForce(t);
  const site = await t.services.sites.create(system, {
    partyId: 'cso',
    name: 'Guest house F-6 (test)',
    kind: 'residence',
    lat: 33.7,
    lon: 73.05,
    protectionLevel: 2,
    city: 'Islamabad',
  });
  const partner = actorOf(t, 'cso:coordinator');
  const host = actorOf(t, 'ssd:coordinator');
  const onDay = async (day: number, name: string, overrides: Record<string, unknown> = {}) => {
    const at = (time: string) => `2026-12-0${day}T${time}:00Z`;
    const person = await createPerson(t, 'cso', name);
    return movementPayload([person], {
      plannedDeparture: at('04:00'),
      plannedArrival: at('05:00'),
      checkpoints: [{ name: 'Zero Point', lat: 33.65, lon: 73.075, plannedAt: at('04:30') }],
      ...overrides,
    });
  };
  const movements = t.services.movements;
  ids.draft = (
    await movements.create(partner, await onDay(1, 'Wang Wei', { origin: { siteId: site.id } }))
  ).id;
  ids.submitted = (await movements.create(partner, await onDay(2, 'Li Fang'))).id;
  await movements.submit(partner, ids.submitted);
  ids.host = (await movements.create(host, await onDay(3, 'Zhang Jun'))).id;
  await movements.submit(host, ids.host);
  ids.cancelled = (await movements.create(partner, await onDay(4, 'Liu Lei'))).id;
  await movements.cancel(partner, ids.cancelled, 'The visit was called off');
}

// Each `jsms` is a process of its own that loads the services: a second or more apiece.
describe('jsms movement list and show', () => {
  const t = useTestApp({ setup: seedMovements });
  const jsms = (...args: string[]) => runJsms(['movement', ...args], jsmsEnv(t.database));
  /** The table's rows below its header, each split on its runs of two or more spaces. */
  const rows = (stdout: string) =>
    stdout
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => line.split(/ {2,}/));

  it("lists a party's own movements, soonest first, as a table; the host's operator by default", () => {
    const partner = jsms('list', '--party', 'cso');
    expect(partner).toMatchObject({ status: 0, stderr: '' });
    expect(partner.stdout.split('\n')[0]).toMatch(
      /^STATE +DEPARTURE \(Asia\/Karachi\) +ORIGIN → DESTINATION +RISK +PASSENGERS +ID$/,
    );
    expect(rows(partner.stdout)).toEqual([
      [
        'draft',
        '2026-12-01 09:00',
        'Guest house F-6 (test) → 33.6000, 73.1000',
        'not assessed',
        '1',
        ids.draft,
      ],
      [
        'submitted',
        '2026-12-02 09:00',
        '33.7000, 73.0500 → 33.6000, 73.1000',
        '1 minimal',
        '1',
        ids.submitted,
      ],
      [
        'cancelled',
        '2026-12-04 09:00',
        '33.7000, 73.0500 → 33.6000, 73.1000',
        'not assessed',
        '1',
        ids.cancelled,
      ],
    ]);
    // An operator of the host sees the host's own movements: the partner's are not theirs.
    expect(rows(jsms('list').stdout).map((row) => row.at(-1))).toEqual([ids.host]);
  });

  it('lists as a named user what the agreement shows them, filtered by state; --json as the API presents it', () => {
    const host = jsms('list', '--user', 'ssd-coordinator', '--state', 'submitted', '--state', 'cancelled');
    expect(host.status).toBe(0);
    expect(rows(host.stdout).map((row) => [row[0], row.at(-1)])).toEqual([
      ['submitted', ids.submitted],
      ['submitted', ids.host],
      ['cancelled', ids.cancelled],
    ]);
    const json = jsms('list', '--party', 'cso', '--state', 'draft', '--json');
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({
        id: ids.draft,
        partyId: 'cso',
        state: 'draft',
        withheld: [],
        agreementVersion: 1,
      }),
    ]);
  });

  it('shows one movement: the request, the assessment with its clauses, checkpoints and the timeline', () => {
    const shown = jsms('show', ids.submitted, '--party', 'cso');
    expect(shown).toMatchObject({ status: 0, stderr: '' });
    const text = shown.stdout;
    expect(text).toContain(`Movement ${ids.submitted} (version 2)`);
    expect(text).toMatch(/^ {2}state +submitted$/m);
    expect(text).toMatch(/^ {2}passengers +Li Fang$/m);
    expect(text).toMatch(/^ {2}vehicles +Land Cruiser 1 \(armoured\)$/m);
    expect(text).toMatch(/^ {2}requested by +cso-coordinator$/m);
    expect(text).toContain('Assessment (agreement v1, as of 2026-12-02 09:00)');
    expect(text).toMatch(/^ {2}risk level 1 minimal over \d+\.\d km: level 1 \d+\.\d km$/m);
    expect(text).toContain('  requirements (protection[level=1]):');
    expect(text).toMatch(/^ {4}armed escort vehicles +0 +protection\[level=1\]\.armedEscortVehicles$/m);
    expect(text).toMatch(/^ {4}approvals +partner +protection\[level=1\]\.approvals$/m);
    expect(text).toMatch(/^ {4}armed_escort provided by +host +unitKinds\.armed_escort$/m);
    expect(text).toContain('  breaches: none');
    expect(text).toMatch(/^ {2}1 +Zero Point +33\.6500, 73\.0750 +2026-12-02 09:30 +—$/m);
    expect(text).toMatch(
      /^ {2}2026-11-28 13:00 +create +→ draft +by cso-coordinator \(cso\), agreement v1$/m,
    );
    expect(text).toMatch(
      /^ {2}2026-11-28 13:00 +submit +draft → submitted +by cso-coordinator \(cso\), agreement v1 +\{"riskLevel":1\}$/m,
    );
  });

  it("shows another party's movement as the agreement does: who asked is withheld from the partner", () => {
    const shown = jsms('show', ids.host, '--user', 'cso-coordinator', '--json');
    expect(shown.status).toBe(0);
    const { movement, history } = JSON.parse(shown.stdout) as {
      movement: Record<string, unknown> & { withheld: string[] };
      history: { kind: string }[];
    };
    expect(movement).toMatchObject({ id: ids.host, partyId: 'ssd', state: 'submitted' });
    expect(movement.withheld).toEqual(['debrief', 'requestedBy']);
    expect(movement).not.toHaveProperty('requestedBy');
    expect(history.map((h) => h.kind)).toEqual(['create', 'submit']);
    // Nor which host user acted in its timeline: the same withheld requestedBy.
    const text = jsms('show', ids.host, '--user', 'cso-coordinator').stdout;
    expect(text).toMatch(/^ {2}requested by +withheld$/m);
    expect(text).toContain('by a user (ssd)');
    expect(text).not.toContain(t.users['ssd:coordinator']!.id);
  });

  it.each([
    [
      ['list', '--state', 'parked'],
      2,
      /^jsms: validation_failed: --state is one of draft, .*, not parked \(field state\)\n$/,
    ],
    [
      ['list', '--party', 'nobody'],
      2,
      /^jsms: validation_failed: No party nobody; the parties are .*\(field party\)\n$/,
    ],
    [['list', '--user', 'nobody'], 2, /^jsms: validation_failed: --user: no user nobody \(field user\)\n$/],
    [
      ['show', 'x', '--user', 'cso-coordinator', '--party', 'cso'],
      2,
      /^jsms: validation_failed: --user reads as the user's own party.*\(field user\)\n$/,
    ],
    [['show', 'no-such-movement', '--party', 'cso'], 4, /^jsms: movement_not_found: /],
  ] as const)('jsms movement %j exits %i with one line naming what is wrong', (args, status, line) => {
    const result = jsms(...args);
    expect(result).toMatchObject({ status, stdout: '' });
    expect(result.stderr).toMatch(line);
  });

  it("is not found for an operator of a party that may not see it (the host's operator, the partner's draft)", () => {
    const result = jsms('show', ids.draft);
    expect(result.status).toBe(4);
    expect(result.stderr).toMatch(/^jsms: movement_not_found: .*\n$/);
  });
});
