import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, type ApiCall } from './helpers/api.js';
import { accessibilityProblems, newPage, screenshot, signIn } from './helpers/browser.js';
import { useDemo } from './helpers/demo.js';

const demo = useDemo();
const phone = { width: 360, height: 740 };
const username = 'cso-e2e-engineer';

interface Alert {
  id: string;
  rule: string;
  state: string;
  subject: { type: string; id: string };
}

/**
 * A protected person of the partner, at one of its sites, with a user of their own and a phone
 * that has reported once: made through the API as the partner's admin would.
 */
async function engineer(): Promise<{ personId: string; siteId: string }> {
  const admin = await apiAs(demo.server, 'cso-admin');
  const partyId = demo.server.users['cso-admin']!.partyId;
  const { items } = await admin<{ items: { id: string; partyId: string; siteId?: string | null }[] }>(
    'GET',
    '/api/v1/persons?limit=100',
  );
  const person = items.find((p) => p.partyId === partyId && p.siteId)!;
  const { password } = await admin<{ password: string }>('POST', '/api/v1/users', {
    username,
    displayName: 'Engineer (e2e)',
    roles: ['person'],
    personId: person.id,
  });
  demo.server.users[username] = { username, partyId, role: 'person', password, totpSecret: undefined };
  const { token } = await admin<{ token: string }>('POST', '/api/v1/devices', {
    subjectType: 'person',
    subjectId: person.id,
    name: 'e2e-engineer-phone',
    reportIntervalSeconds: 300,
  });
  const response = await fetch(`${demo.server.url}/ingest/owntracks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: 'Basic ' + Buffer.from(`e2e-engineer-phone:${token}`).toString('base64'),
    },
    body: JSON.stringify({
      _type: 'location',
      lat: 33.61,
      lon: 72.81,
      tst: Math.floor(Date.now() / 1000) - 30,
      acc: 12,
      batt: 77,
    }),
  });
  expect(response.status).toBeLessThan(300);
  return { personId: person.id, siteId: person.siteId! };
}

const sosAlerts = async (coordinator: ApiCall, personId: string) =>
  (
    await coordinator<{ items: Alert[] }>(
      'GET',
      `/api/v1/alerts?rule=sos&subjectType=person&subjectId=${encodeURIComponent(personId)}`,
    )
  ).items;

async function openPhone(language: 'en' | 'ur' | 'zh'): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await newPage(demo.browser, demo.server, { language, ...phone });
  await signIn(page, demo.server, username);
  await page.locator('.phone-status-text').waitFor();
  return { page, problems };
}

describe('the protected person’s phone view', () => {
  it('answers a roll-call that arrives live in one tap, and raises an SOS only once confirmed and not undone', async () => {
    const { personId, siteId } = await engineer();
    const coordinator = await apiAs(demo.server, 'cso-coordinator');
    const { page, problems } = await openPhone('en');

    // The person's home is this view: their status, their device's last fix, nothing of staff's.
    await expect.poll(() => page.locator('.phone-status-text').textContent()).toBe('You are accounted for');
    await page.locator('.phone-facts dd', { hasText: 'live' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // A coordinator starts a roll-call over the person's site: the question appears without a reload.
    const started = await coordinator<{ id: string; question: string }>('POST', '/api/v1/rollcalls', {
      siteId,
    });
    // Only this roll-call's card: others (an incident's, from another test) may ask the person too.
    const heading = page.getByRole('heading', { name: started.question, exact: true });
    const card = page.locator('.phone-question', { has: heading });
    await heading.waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('.phone-status-text').textContent()).toContain('safe');

    // One tap.
    await card.getByRole('button', { name: 'I am safe' }).click();
    await card.locator('.phone-answered', { hasText: 'You answered: safe' }).waitFor();
    await expect.poll(() => page.locator('.phone-status-text').textContent()).toBe('You are accounted for');
    const board = await coordinator<{
      subjects: { subject: { id: string }; state: string; answeredVia: string }[];
    }>('GET', `/api/v1/rollcalls/${started.id}`);
    expect(board.subjects.find((s) => s.subject.id === personId)).toMatchObject({
      state: 'safe',
      answeredVia: 'app',
    });

    // SOS, confirmed, then undone inside the window: nothing is sent, even after the window.
    const sos = page.getByRole('button', { name: 'SOS', exact: true });
    await sos.click();
    await page.getByRole('button', { name: 'Yes, send SOS' }).click();
    await page.getByText('Nothing has been sent yet').waitFor();
    await page.getByRole('button', { name: 'Undo – do not send' }).click();
    await sos.waitFor();
    await page.waitForTimeout(6_500);
    expect(await sosAlerts(coordinator, personId)).toEqual([]);

    // Cancelled at the question: nothing either.
    await sos.click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await sosAlerts(coordinator, personId)).toEqual([]);

    // Confirmed and left: it goes out after the undo window, and the screen says so.
    await sos.click();
    await page.getByRole('button', { name: 'Yes, send SOS' }).click();
    await page.locator('.phone-sos-state', { hasText: 'SOS sent at' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('.phone-status-text').textContent()).toContain('SOS sent');
    const raised = await sosAlerts(coordinator, personId);
    expect(raised).toMatchObject([{ rule: 'sos', state: 'open', subject: { type: 'person', id: personId } }]);

    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'phone', 'en');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('reads right to left in Urdu, and in Chinese, at 360 px', async () => {
    for (const language of ['ur', 'zh'] as const) {
      const { page, problems } = await openPhone('en');
      await page.locator('.language select').selectOption(language);
      await page
        .getByRole('heading', { level: 1, name: language === 'ur' ? 'میری حفاظت' : '我的安全' })
        .waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(language === 'ur' ? 'rtl' : 'ltr');
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('.phone')!).direction)).toBe(
        language === 'ur' ? 'rtl' : 'ltr',
      );
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await screenshot(page, 'phone', language);
      expect(problems).toEqual([]);
      await page.context().close();
    }
  });
});
