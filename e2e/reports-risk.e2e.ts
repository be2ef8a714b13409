import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems, newPage, screenshot, signIn, type Language } from './helpers/browser.js';
import { useDemo } from './helpers/demo.js';

const demo = useDemo();
let analyst: { page: Page; problems: string[] };
let coordinator: { page: Page; problems: string[] };

const dayMs = 86_400_000;
const day = (daysAgo: number) => new Date(Date.now() - daysAgo * dayMs).toISOString().slice(0, 10);
const period = { from: day(29), to: day(0) };

// Three incidents of the period: two in Khyber Pakhtunkhwa (one with no wounded figure), one in Balochistan.
const incidents = [
  {
    date: day(5),
    province: 'Khyber Pakhtunkhwa',
    place: 'Peshawar',
    lat: 34.01,
    lon: 71.52,
    type: 'armed_assault',
    killed: { best: 3, low: 2, high: 5 },
    wounded: { best: 4 },
  },
  {
    date: day(10),
    province: 'Khyber Pakhtunkhwa',
    place: 'Mardan',
    lat: 34.2,
    lon: 72.04,
    type: 'ied',
    killed: { best: 1 },
  },
  {
    date: day(15),
    province: 'Balochistan',
    place: 'Quetta',
    lat: 30.18,
    lon: 66.99,
    type: 'targeted_killing',
    killed: { best: 2 },
    wounded: { best: 1 },
  },
] as const;

// What the report must say, from the incidents above: a single figure counts as low, best and high.
const killedOf = (estimate: 'low' | 'best' | 'high') =>
  incidents.reduce(
    (sum, i) => sum + ((i.killed as Partial<Record<string, number>>)[estimate] ?? i.killed.best),
    0,
  );
const expected = {
  incidents: incidents.length,
  killed: { low: killedOf('low'), best: killedOf('best'), high: killedOf('high') },
  wounded: incidents.reduce((sum, i) => sum + ('wounded' in i ? i.wounded.best : 0), 0),
  woundedNotReported: incidents.filter((i) => !('wounded' in i)).length,
  kp: incidents.filter((i) => i.province === 'Khyber Pakhtunkhwa'),
};

const zoneReason = 'Curfew after the attack on the convoy';

beforeAll(async () => {
  analyst = await newPage(demo.browser, demo.server);
  coordinator = await newPage(demo.browser, demo.server);
  await Promise.all([
    signIn(analyst.page, demo.server, 'ssd-analyst'),
    signIn(coordinator.page, demo.server, 'cso-coordinator'),
  ]);
});

/** Switches the language with the picker in the top bar, as the person would. */
async function switchTo(page: Page, language: Language) {
  await page.locator('.language select').selectOption(language);
  await expect
    .poll(() => page.evaluate(() => document.documentElement.dir))
    .toBe(language === 'ur' ? 'rtl' : 'ltr');
}

/** Clicks the map at a fraction of its width and height. */
async function clickMap(page: Page, x: number, y: number) {
  const box = (await page.locator('.risk-map canvas').boundingBox())!;
  await page.mouse.click(box.x + box.width * x, box.y + box.height * y);
}

async function riskReady(page: Page, path: string) {
  await page.goto(path);
  await page.locator('.risk[data-ready=true]').waitFor({ timeout: 30_000 });
}

describe('the period report and the risk screen', () => {
  it("counts the analyst's incidents in the partner coordinator's report, and prints it without the app around it", async () => {
    for (const incident of incidents) {
      const response = await analyst.page.request.post('/api/v1/incidents', {
        data: incident,
        headers: { origin: demo.server.url },
      });
      expect(response.status(), await response.text()).toBe(201);
    }
    const { page, problems } = coordinator;
    await page.goto(`/reports?from=${period.from}&to=${period.to}`);
    const figure = (name: string) => page.locator(`[data-figure=headline-${name}]`);
    await expect
      .poll(() => figure('incidents').locator('.figure-value').textContent())
      .toBe(String(expected.incidents));
    expect(await figure('killed').locator('.figure-value').textContent()).toBe(String(expected.killed.best));
    expect(await figure('killed').locator('.estimates').textContent()).toBe(
      `low ${expected.killed.low} · best ${expected.killed.best} · high ${expected.killed.high}`,
    );
    expect(await figure('wounded').locator('.figure-value').textContent()).toBe(String(expected.wounded));
    expect(await figure('wounded').locator('.not-reported').textContent()).toBe(
      `not reported for ${expected.woundedNotReported} incident`,
    );
    const row = page.locator('section[aria-labelledby=by-province] tbody tr', {
      hasText: 'Khyber Pakhtunkhwa',
    });
    expect(await row.locator('td').allTextContents()).toEqual(
      expect.arrayContaining([
        String(expected.kp.length),
        String(expected.kp.reduce((s, i) => s + i.killed.best, 0)),
      ]),
    );
    expect((await row.locator('td').allTextContents()).slice(0, 2)).toEqual([
      String(expected.kp.length),
      String(expected.kp.reduce((s, i) => s + i.killed.best, 0)),
    ]);
    // The filters are in the address: the same link shows the same report.
    expect(page.url()).toContain(`from=${period.from}`);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'report', 'en');

    // Usable 360 px wide: nothing but the tables' own scrollers goes sideways.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav').isVisible()).toBe(false);
    expect(await page.locator('.report-tools').isVisible()).toBe(false);
    expect(await page.locator('.report').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('nav').isVisible()).toBe(true);

    for (const language of ['zh', 'ur'] as const) {
      await switchTo(page, language);
      await expect
        .poll(() => page.locator('#report-title').textContent())
        .toBe(language === 'zh' ? '时段报告' : 'مدتی رپورٹ');
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, 'report', language);
    }
    await switchTo(page, 'en');
    expect(problems).toEqual([]);
  });

  it('the host analyst draws a zone, the partner coordinator signs it off, and the level at a point says why', async () => {
    const { page } = analyst;
    await riskReady(page, '/risk?view=zones');
    await page.getByRole('button', { name: 'Draw a new zone' }).click();
    for (const [x, y] of [
      [0.35, 0.35],
      [0.6, 0.35],
      [0.6, 0.6],
      [0.35, 0.6],
    ] as const)
      await clickMap(page, x, y);
    await expect.poll(() => page.locator('.zone-form').textContent()).toContain('4 corners placed');
    await page.getByLabel('Reason').fill(zoneReason);
    await page.getByRole('button', { name: 'Record the zone' }).click();
    const mine = page.locator('.zone-item', { hasText: zoneReason });
    await expect.poll(() => mine.locator('.zone-status').textContent()).toBe('waiting for sign-off');
    expect(await mine.locator('.sign-off').textContent()).toBe(
      "Waits for the other party's sign-off: it covers a wide area.",
    );
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(analyst.problems).toEqual([]);

    const other = coordinator.page;
    await riskReady(other, '/risk?view=zones');
    const theirs = other.locator('.zone-item', { hasText: zoneReason });
    await theirs.getByRole('button', { name: 'Sign off this zone' }).click();
    await expect.poll(() => theirs.locator('.zone-status').textContent()).toBe('in force');
    expect(await theirs.locator('.sign-off').textContent()).toContain('Signed off');

    // Inside the zone, the zone sets the level; at the Peshawar attack, the incidents do.
    await other.getByRole('button', { name: 'At a point' }).click();
    await clickMap(other, 0.47, 0.47);
    const explanation = other.locator('.explanation');
    await expect.poll(() => explanation.textContent()).toContain(`Set by a manual zone: ${zoneReason}.`);
    expect(await explanation.locator('.level-line').textContent()).toBe('level 4: substantial');
    await other.getByLabel('Latitude').fill('34.01');
    await other.getByLabel('Longitude').fill('71.52');
    await other.getByRole('button', { name: 'Show the level here' }).click();
    await expect.poll(() => explanation.textContent()).toContain('From the incidents around it');
    expect(other.url()).toContain('lat=34.01');
    expect(await accessibilityProblems(other)).toEqual([]);
    await screenshot(other, 'risk', 'en');
    expect(coordinator.problems).toEqual([]);
  });

  it('assesses a route clicked on the map, stretch by stretch, in every language', async () => {
    const { page, problems } = coordinator;
    await page.getByRole('button', { name: 'Along a route' }).click();
    for (const [x, y] of [
      [0.2, 0.3],
      [0.47, 0.47],
      [0.75, 0.45],
    ] as const)
      await clickMap(page, x, y);
    await expect.poll(() => page.locator('.risk-section').textContent()).toContain('3 waypoints');
    await page.getByRole('button', { name: 'Assess the route' }).click();
    const explanation = page.locator('.explanation');
    await expect.poll(() => explanation.textContent()).toContain('Worst stretch: level 4: substantial');
    expect(await explanation.locator('tbody tr').count()).toBeGreaterThan(1);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'risk-route', 'en');
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1280, height: 800 });
    // The other languages, switched on the screen: the route and the point stay as they were.
    const [atPoint, alongRoute] = [
      page.locator('.risk-views button').nth(0),
      page.locator('.risk-views button').nth(1),
    ];
    for (const language of ['zh', 'ur'] as const) {
      await switchTo(page, language);
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, 'risk-route', language);
      await atPoint.click();
      await expect.poll(() => page.url()).toContain('view=point&lat=34.01&lon=71.52');
      await page.locator('.explanation').waitFor();
      await screenshot(page, 'risk', language);
      await alongRoute.click();
      await page.locator('.explanation').waitFor();
    }
    await switchTo(page, 'en');
    expect(problems).toEqual([]);
  });
});
