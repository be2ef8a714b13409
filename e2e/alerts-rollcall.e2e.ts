import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, createUser } from './helpers/api.js';
import {
  accessibilityProblems,
  mapReady,
  newPage,
  screenshot,
  signIn,
  type Language,
} from './helpers/browser.js';
import { useDemo } from './helpers/demo.js';

const demo = useDemo();

/** Far from the demo's sites, routes and phones: the incident there concerns only the test's person. */
const place = { lat: 32.31, lon: 70.12 };

/** Signs in and waits for the map, its live feed and its alerts panel. */
async function openMap(username: string, language: Language = 'en') {
  const opened = await newPage(demo.browser, demo.server, { language });
  await signIn(opened.page, demo.server, username);
  await mapReady(opened.page);
  await opened.page.locator('.ops[data-live=open]').waitFor();
  await opened.page.locator('.alerts-panel').waitFor();
  return opened;
}

const alertOf = (page: Page, rule: string) => page.locator(`.alert-item[data-rule=${rule}]`);

describe('alerts and roll-calls on the operators’ screens', () => {
  it('an incident near a person: the alert appears live for both parties, the roll-call board reaches 100%, the alert is acknowledged and resolved', async () => {
    const partner = await apiAs(demo.server, 'cso-coordinator');
    const partnerAdmin = await apiAs(demo.server, 'cso-admin');
    const analyst = await apiAs(demo.server, 'ssd-analyst');
    const ownParty = demo.server.users['cso-coordinator']!.partyId;

    // A partner person who carries a phone and can sign in (for the answer), with a fix just now at the place.
    const { items: tracked } = await partner<{ items: { subject: { id: string } }[] }>('GET', '/api/v1/live');
    const { items: persons } = await partner<{ items: { id: string; partyId: string; name: string }[] }>(
      'GET',
      '/api/v1/persons?limit=100',
    );
    const person = persons.find(
      (p) => p.partyId === ownParty && !tracked.some((t) => t.subject.id === p.id),
    )!;
    await createUser(
      demo.server,
      { call: partnerAdmin, partyId: ownParty },
      { username: 'e2e-engineer', displayName: person.name, roles: ['person'], personId: person.id },
    );
    const { token } = await partner<{ token: string }>('POST', '/api/v1/devices', {
      subjectType: 'person',
      subjectId: person.id,
      name: 'e2e-alert-phone',
      reportIntervalSeconds: 300,
    });
    const fix = await fetch(`${demo.server.url}/ingest/owntracks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Basic ' + Buffer.from(`e2e-alert-phone:${token}`).toString('base64'),
      },
      body: JSON.stringify({ _type: 'location', ...place, tst: Math.floor(Date.now() / 1000) - 30, acc: 8 }),
    });
    expect(fix.status).toBeLessThan(300);

    const host = await openMap('ssd-coordinator');
    const own = await openMap('cso-coordinator');
    const before = await own.page.locator('.alerts-panel').getAttribute('data-count');

    // The host's analyst records an incident a few hundred metres away, today.
    const incident = await analyst<{ id: string }>('POST', '/api/v1/incidents', {
      date: new Date().toISOString().slice(0, 10),
      province: 'Khyber Pakhtunkhwa',
      place: 'e2e place',
      lat: place.lat + 0.002,
      lon: place.lon,
      type: 'ied',
      killed: { best: 1 },
      wounded: { best: 2 },
    });

    // Both parties' maps show the alert without a reload.
    for (const { page } of [own, host]) {
      await alertOf(page, 'incident_near').first().waitFor({ timeout: 20_000 });
    }
    expect(await own.page.locator('.alerts-panel').getAttribute('data-count')).not.toBe(before);

    // The incident started a roll-call; the partner's coordinator opens its board.
    const { items: rollcalls } = await partner<{ items: { id: string; incidentId: string | null }[] }>(
      'GET',
      '/api/v1/rollcalls?status=open',
    );
    const rollcall = rollcalls.find((r) => r.incidentId === incident.id)!;
    expect(rollcall).toBeDefined();
    await own.page.goto('/rollcalls');
    await own.page.locator(`a[href="/rollcalls/${rollcall.id}"]`).click();
    const board = own.page.locator('.rollcall-board');
    await board.waitFor();
    expect(await board.getAttribute('data-complete')).toBe('false');
    await expect.poll(() => board.locator('.rollcall-subjects').textContent()).toContain(person.name);
    await host.page.goto(`/rollcalls/${rollcall.id}`);
    await host.page.locator('.rollcall-board').waitFor();

    // The engineer answers safe from their phone (the API): both boards turn complete without a reload.
    const engineer = await apiAs(demo.server, 'e2e-engineer');
    await engineer('POST', `/api/v1/rollcalls/${rollcall.id}/answer`, { answer: 'safe' });
    for (const { page } of [own, host]) {
      const shown = page.locator('.rollcall-board');
      await expect.poll(() => shown.getAttribute('data-complete'), { timeout: 20_000 }).toBe('true');
      expect(await shown.locator('.rollcall-complete').textContent()).toMatch(
        /Everyone accounted for in \d+ min \d+ s/,
      );
      expect(await shown.getAttribute('data-accounted')).toBe('100');
    }
    expect(await board.locator('.rollcall-subjects').textContent()).toContain('Safe');
    expect(await accessibilityProblems(own.page)).toEqual([]);
    await screenshot(own.page, 'rollcall-board', 'en');

    // The partner's coordinator acknowledges, then resolves the alert on the map, each with a note.
    await own.page.goto('/');
    await mapReady(own.page);
    const item = alertOf(own.page, 'incident_near').first();
    await item.locator('.alert-head').click();
    const note = item.getByLabel('Note: what was done');
    await note.fill('Roll-call started; team lead called');
    await item.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => item.locator('.alert-state').textContent()).toBe('Acknowledged');
    expect(await item.textContent()).toContain('Roll-call started; team lead called');
    await screenshot(own.page, 'alerts-panel', 'en');
    // Resolving needs its own note.
    await expect(item.getByRole('button', { name: 'Resolve' }).isDisabled()).resolves.toBe(true);
    await note.fill('Everyone accounted for; all safe');
    await item.getByRole('button', { name: 'Resolve' }).click();
    // Resolved, it leaves the alerts to handle; the host's panel follows over the stream.
    await expect.poll(() => alertOf(own.page, 'incident_near').count()).toBe(0);
    await host.page.goto('/');
    await mapReady(host.page);
    await own.page.locator('.alerts-filters select').first().selectOption('resolved');
    await expect.poll(() => alertOf(own.page, 'incident_near').first().textContent()).toContain('Resolved');
    expect(await accessibilityProblems(own.page)).toEqual([]);
    expect(own.problems).toEqual([]);
    expect(host.problems).toEqual([]);
    await own.context.close();
    await host.context.close();
  });

  it('an SOS appears live, first and marked, on the coordinator’s map', async () => {
    const partner = await apiAs(demo.server, 'cso-coordinator');
    const { items: persons } = await partner<{ items: { id: string; partyId: string }[] }>(
      'GET',
      '/api/v1/persons?limit=100',
    );
    const own = await openMap('cso-coordinator');
    const ownParty = demo.server.users['cso-coordinator']!.partyId;
    const person = persons.filter((p) => p.partyId === ownParty).at(-1)!;
    await partner('POST', '/api/v1/alerts/sos', { personId: person.id, lat: 33.7, lon: 73.05 });
    await own.page.locator('.alerts-sos').waitFor({ timeout: 20_000 });
    expect(await own.page.locator('.alert-item').first().getAttribute('data-rule')).toBe('sos');
    expect(await accessibilityProblems(own.page)).toEqual([]);
    expect(own.problems).toEqual([]);
    await own.context.close();
  });

  for (const language of ['zh', 'ur'] as const satisfies Language[]) {
    it(`shows the alerts panel and the roll-calls in ${language}`, async () => {
      const { page, problems, context } = await openMap('cso-coordinator', language);
      await screenshot(page, 'alerts-panel', language);
      await page.goto('/rollcalls');
      await page.locator('.rollcalls a[href^="/rollcalls/"]').first().click();
      await page.locator('.rollcall-board').waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(language === 'ur' ? 'rtl' : 'ltr');
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, 'rollcall-board', language);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
