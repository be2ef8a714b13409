import { describe, expect, it } from 'vitest';
import {
  accessibilityProblems,
  mapReady,
  newPage,
  screenshot,
  signIn,
  type Language,
} from './helpers/browser.js';
import { useDemo } from './helpers/demo.js';
import { totpAt } from '../src/access/totp.js';

const demo = useDemo();

describe('signing in and the operations map', () => {
  it('an admin signs in with the code from their authenticator and sees the map, accessible', async () => {
    const { page, problems, context } = await newPage(demo.browser, demo.server);
    await page.goto('/');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'sign-in', 'en');
    await signIn(page, demo.server, 'ssd-admin');
    await mapReady(page);
    await expect.poll(() => page.locator('nav a[aria-current=page]').textContent()).toBe('Operations map');
    expect(await page.locator('.legend').textContent()).toContain('Sites');
    // Country names in the viewer's language; sites' names only once zoomed in far enough.
    expect(await page.locator('.map-label-country').allTextContents()).toContain('Pakistan');
    expect(await page.locator('.map-label-site').count()).toBe(0);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => page.locator('.map-label-site').count()).toBeGreaterThan(0);
    expect(await page.locator('.map-labels').evaluate((e) => getComputedStyle(e).pointerEvents)).toBe('none');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a new admin must add an authenticator before anything else, from the QR code or its secret', async () => {
    const admin = await newPage(demo.browser, demo.server);
    await signIn(admin.page, demo.server, 'cso-admin');
    const password = await admin.page.evaluate(async () => {
      const response = await fetch('/api/v1/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'cso-admin-2', displayName: 'Second admin', roles: ['admin'] }),
      });
      return ((await response.json()) as { password: string }).password;
    });
    await admin.context.close();

    const { page, problems, context } = await newPage(demo.browser, demo.server);
    await page.goto('/');
    await page.locator('input[name=username]').fill('cso-admin-2');
    await page.locator('input[name=password]').fill(password);
    await page.locator('button[type=submit]').click();
    const secret = await page.locator('.secret').textContent();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await page.locator('img.qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await accessibilityProblems(page)).toEqual([]);
    for (const language of ['zh', 'ur', 'en'] as const) {
      await page.getByRole('combobox').first().selectOption(language);
      await screenshot(page, 'totp-enrolment', language);
    }
    await page.locator('input[name=code]').fill(totpAt(secret!, new Date()));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await mapReady(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a wrong password is refused with the message in the chosen language, and nothing opens', async () => {
    const { page, context } = await newPage(demo.browser, demo.server, { language: 'zh' });
    await page.goto('/');
    await page.locator('input[name=username]').fill('cso-coordinator');
    await page.locator('input[name=password]').fill('not the password');
    await page.locator('button[type=submit]').click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('用户名、密码或验证码错误。');
    expect(await page.locator('nav').count()).toBe(0);
    await context.close();
  });

  it("the partner's coordinator sees the host's sites as areas, and their own exactly", async () => {
    const { page, problems, context } = await newPage(demo.browser, demo.server);
    await signIn(page, demo.server, 'cso-coordinator');
    await mapReady(page);
    // Units are drawn at their bases, as the viewer is shown those sites.
    const units = page.locator('.legend-group', { hasText: 'Units at their bases' });
    expect(Number((await units.locator('.legend-count').textContent())!.match(/\d+/)![0])).toBeGreaterThan(0);
    const sites = page.locator('.legend-group', { hasText: 'Sites' });
    await sites.locator('summary').click();
    const items = sites.locator('.feature-list li');
    const texts = await items.allTextContents();
    const areas = texts.filter((t) => t.includes('area only'));
    expect(areas.length).toBeGreaterThan(0);
    expect(areas.length).toBeLessThan(texts.length);
    // The panel of a host site says it is an area and shows no coordinates.
    await items.filter({ hasText: 'area only' }).first().getByRole('button').click();
    const panel = page.locator('.side-panel');
    await expect.poll(() => panel.textContent()).toContain('an area about 20 km across');
    expect(await panel.textContent()).not.toMatch(/\d+\.\d{3,}/);
    expect(problems).toEqual([]);
    await context.close();
  });

  for (const language of ['zh', 'ur'] as const satisfies Language[]) {
    it(`shows the sign-in and the map in ${language}, laid out ${language === 'ur' ? 'right to left' : 'left to right'}`, async () => {
      const { page, problems, context } = await newPage(demo.browser, demo.server, { language });
      await page.goto('/');
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(language === 'ur' ? 'rtl' : 'ltr');
      await screenshot(page, 'sign-in', language);
      await signIn(page, demo.server, 'cso-coordinator');
      await mapReady(page);
      const legend = await page.locator('.legend').boundingBox();
      const map = await page.locator('.ops-map').boundingBox();
      // Mirrored: the legend sits after the map in reading order, so on the left in Urdu.
      if (language === 'ur') expect(legend!.x).toBeLessThan(map!.x);
      else expect(legend!.x).toBeGreaterThan(map!.x);
      expect(await page.locator('nav a').first().textContent()).toBe(
        language === 'ur' ? 'آپریشنز نقشہ' : '行动地图',
      );
      expect(await page.locator('.map-label-country').allTextContents()).toContain(
        language === 'ur' ? 'پاکستان' : '巴基斯坦',
      );
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, 'map', language);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it('switches language on the map screen without reloading, and keeps the choice with the account', async () => {
    const { page, context } = await newPage(demo.browser, demo.server);
    await signIn(page, demo.server, 'cso-analyst');
    await mapReady(page);
    await screenshot(page, 'map', 'en');
    await page.getByLabel('Language').selectOption('ur');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    // The map is relabelled in place, not rebuilt.
    await expect.poll(() => page.locator('.map-label-country').allTextContents()).toContain('پاکستان');
    await page.reload();
    await mapReady(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ur-PK');
    await context.close();
    // Another browser, set to English: once signed in, the app speaks the user's own language.
    const elsewhere = await newPage(demo.browser, demo.server, { language: 'en' });
    await signIn(elsewhere.page, demo.server, 'cso-analyst');
    await expect.poll(() => elsewhere.page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await elsewhere.page.locator('nav a').first().textContent()).toBe('آپریشنز نقشہ');
    await elsewhere.context.close();
  });

  it('refreshes data without moving the page: no layout shift on the map or a list', async () => {
    const { page, context } = await newPage(demo.browser, demo.server);
    await signIn(page, demo.server, 'cso-coordinator');
    await mapReady(page);
    // Every layout shift counts here, even those right after input, which the CLS metric forgives.
    const watchShifts = () =>
      page.evaluate(() => {
        const seen: number[] = [];
        (window as unknown as { shifts: number[] }).shifts = seen;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) seen.push((entry as unknown as { value: number }).value);
        }).observe({ type: 'layout-shift' });
      });
    const shifted = () =>
      page.evaluate(() => (window as unknown as { shifts: number[] }).shifts.reduce((a, b) => a + b, 0));
    await watchShifts();
    await page.getByLabel('Period').selectOption('1825');
    await mapReady(page);
    await page.waitForTimeout(500);
    expect(await shifted()).toBeLessThan(0.01);
    await page.getByRole('link', { name: 'Incidents', exact: true }).first().click();
    await page.getByRole('search').waitFor();
    await page.waitForTimeout(500);
    await watchShifts();
    await page.getByRole('search').getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForTimeout(1000);
    expect(await shifted()).toBeLessThan(0.01);
    await context.close();
  });

  it('is usable 360 px wide: nothing scrolls sideways, the legend follows the map', async () => {
    const { page, context } = await newPage(demo.browser, demo.server, { width: 360, height: 740 });
    await page.goto('/');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await signIn(page, demo.server, 'ssd-coordinator');
    await mapReady(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const legend = await page.locator('.legend').boundingBox();
    const map = await page.locator('.ops-map').boundingBox();
    expect(legend!.y).toBeGreaterThanOrEqual(map!.y + map!.height - 1);
    await context.close();
  });
});
