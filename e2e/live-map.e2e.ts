import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs } from './helpers/api.js';
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

/** A phone running OwnTracks in HTTP mode: one location message per POST, the token as the Basic password. */
async function report(
  token: string,
  fix: { lat: number; lon: number; at: Date; vel?: number; batt?: number },
) {
  const response = await fetch(`${demo.server.url}/ingest/owntracks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: 'Basic ' + Buffer.from(`e2e-live-phone:${token}`).toString('base64'),
    },
    body: JSON.stringify({
      _type: 'location',
      lat: fix.lat,
      lon: fix.lon,
      tst: Math.floor(fix.at.getTime() / 1000),
      acc: 8,
      vel: fix.vel ?? 0,
      batt: fix.batt ?? 90,
    }),
  });
  expect(response.status).toBeLessThan(300);
}

/** The live layer's list in the legend, opened. */
async function liveList(page: Page) {
  const group = page
    .locator('.legend-group')
    .filter({ has: page.locator('input[type=checkbox]') })
    .first();
  await group.locator('summary').click();
  return group.locator('.feature-list li');
}

/** Signs in and waits for the map and the live layer's first picture. */
async function openMap(username: string, language: Language = 'en') {
  const opened = await newPage(demo.browser, demo.server, { language });
  await signIn(opened.page, demo.server, username);
  await mapReady(opened.page);
  await opened.page.locator('.ops[data-live=open]').waitFor();
  return opened;
}

/** Clicks the middle of the map, where the panel centred the subject, as a person would click its marker. */
async function clickMapCentre(page: Page) {
  const box = (await page.locator('.map-canvas').boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

describe('live people on the operations map', () => {
  it('a fix appears for both coordinators without reload: exact for the partner, a cell for the host; a later fix moves it; replay draws the track', async () => {
    const partner = await apiAs(demo.server, 'cso-coordinator');
    // The demo already tracks some of its people: this test gives its phone to one it does not.
    const { items: tracked } = await partner<{ items: { subject: { id: string } }[] }>('GET', '/api/v1/live');
    const { items: persons } = await partner<{ items: { id: string; partyId: string; name: string }[] }>(
      'GET',
      '/api/v1/persons?limit=100',
    );
    const ownParty = demo.server.users['cso-coordinator']!.partyId;
    const person = persons.find(
      (p) => p.partyId === ownParty && !tracked.some((t) => t.subject.id === p.id),
    )!;
    const { token } = await partner<{ token: string }>('POST', '/api/v1/devices', {
      subjectType: 'person',
      subjectId: person.id,
      name: 'e2e-live-phone',
      reportIntervalSeconds: 300,
    });

    const own = await openMap('cso-coordinator');
    const host = await openMap('ssd-coordinator');
    const shortId = person.id.slice(0, 8);

    // West of Islamabad, away from the demo's sites, then a kilometre east: a fix a minute ago, then one now.
    const start = Date.now();
    await report(token, { lat: 33.6, lon: 72.8, at: new Date(start - 60_000), vel: 0, batt: 91 });

    // The partner's own coordinator: the person appears, exactly.
    const ownItems = await liveList(own.page);
    const ownItem = ownItems.filter({ hasText: shortId });
    await ownItem.waitFor({ timeout: 20_000 });
    expect(await ownItem.textContent()).not.toContain('area only');
    await ownItem.getByRole('button').click();
    const panel = own.page.locator('.live-panel');
    await expect.poll(() => panel.textContent()).toContain('exact position');
    expect(await panel.textContent()).toContain('live');
    expect(await panel.textContent()).toMatch(/1 min ago|now|sec/);
    expect(await panel.textContent()).toContain('91%');
    // The map centred on it: clicking its marker there opens the same panel.
    await panel.getByRole('button', { name: 'Close' }).click();
    await clickMapCentre(own.page);
    // Titled by the person's name, as the registry shows it to the partner's coordinator.
    await expect.poll(() => own.page.locator('.live-panel h2').textContent()).toBe(person.name);

    // The host's coordinator: the same person as a 20 km cell, with nothing that narrows it.
    const hostItem = (await liveList(host.page)).filter({ hasText: shortId });
    await hostItem.waitFor({ timeout: 20_000 });
    expect(await hostItem.textContent()).toContain('area only');
    await hostItem.getByRole('button').click();
    const hostPanel = host.page.locator('.live-panel');
    await expect.poll(() => hostPanel.textContent()).toContain('an area about 20 km across');
    expect(await hostPanel.textContent()).not.toMatch(/%|km\/h|±/);
    await hostPanel.getByRole('button', { name: 'Close' }).click();
    await clickMapCentre(host.page);
    await expect
      .poll(() => host.page.locator('.live-panel').textContent())
      .toContain('an area about 20 km across');
    await screenshot(host.page, 'live-map-area', 'en');

    // A later fix moves it for the partner: the panel follows, and its tail grows.
    await report(token, { lat: 33.6, lon: 72.811, at: new Date(start), vel: 3.6, batt: 88 });
    const ownPanel = own.page.locator('.live-panel');
    await expect.poll(() => ownPanel.textContent(), { timeout: 20_000 }).toContain('88%');
    const seen = ownPanel.locator('div', { hasText: 'Positions seen this session' }).locator('dd');
    expect(await seen.textContent()).toBe('2');

    // Replay: the track of the allowed window, walked by a slider.
    await ownPanel.getByRole('button', { name: 'Replay track' }).click();
    const replay = ownPanel.locator('.track-replay');
    await expect.poll(() => replay.textContent()).toContain('2 fixes from');
    const slider = replay.getByRole('slider');
    expect(await slider.getAttribute('max')).toBe('1');
    await slider.fill('0');
    expect(await accessibilityProblems(own.page)).toEqual([]);
    await screenshot(own.page, 'live-map', 'en');
    await replay.getByRole('button', { name: 'Close track' }).click();

    // A unit's vehicle reports too: it is listed by the call sign the map's units list gives it.
    const { items: units } = await partner<{
      items: { id: string; partyId: string; callSign: string | null }[];
    }>('GET', '/api/v1/units?limit=100');
    const unit = units.find((u) => u.callSign && u.partyId === ownParty)!;
    const vehicle = await partner<{ token: string }>('POST', '/api/v1/devices', {
      subjectType: 'unit',
      subjectId: unit.id,
      name: 'e2e-live-vehicle',
    });
    await report(vehicle.token, { lat: 33.7, lon: 73.1, at: new Date(), vel: 30 });
    await ownItems.filter({ hasText: unit.callSign! }).waitFor({ timeout: 20_000 });
    await ownItems.filter({ hasText: unit.callSign! }).getByRole('button').click();
    await expect.poll(() => ownPanel.locator('h2').textContent()).toBe(unit.callSign);
    expect(await ownPanel.textContent()).toContain('Unit');

    // The host replays the person's track as the cells it passed through, joined by no line.
    const hostLive = host.page.locator('.live-panel');
    await hostLive.getByRole('button', { name: 'Replay track' }).click();
    await expect.poll(() => hostLive.locator('.track-replay').textContent()).toContain('2 fixes from');
    expect(await hostLive.textContent()).not.toMatch(/\d+\.\d{3,}/);
    expect(await accessibilityProblems(host.page)).toEqual([]);
    expect(own.problems).toEqual([]);
    expect(host.problems).toEqual([]);
    await own.context.close();
    await host.context.close();
  });

  for (const language of ['zh', 'ur'] as const satisfies Language[]) {
    it(`shows the live layer, its panel and a replay in ${language}`, async () => {
      const { page, problems, context } = await openMap('cso-coordinator', language);
      const items = await liveList(page);
      await items.first().waitFor({ timeout: 20_000 });
      await items.first().getByRole('button').click();
      const panel = page.locator('.live-panel');
      await panel.locator('dl').waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(language === 'ur' ? 'rtl' : 'ltr');
      await panel.locator('button.primary').click();
      await panel.locator('.track-replay input[type=range]').waitFor();
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, 'live-map', language);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
