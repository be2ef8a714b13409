import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createUser } from './helpers/api.js';
import { accessibilityProblems, newPage, screenshot, signIn, type Language } from './helpers/browser.js';
import { useDemo } from './helpers/demo.js';
import { fillRequest } from './helpers/movement-form.js';

/**
 * The server's clock starts at 09:00 in Karachi tomorrow, so the movement departs inside the
 * agreement's hours for its level (06:00 to 19:00 at level 4) whenever the test runs.
 */
const start = new Date(
  Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1, 4),
);
const demo = useDemo(start);
const minutes = (n: number) => new Date(start.getTime() + n * 60_000);

// The plant's engineers into the city past Karachi airport, where the demo's level-4 zone lies
// (the car bomb on a convoy of engineers, October 2024): both parties must approve, and the
// escort needs an armed vehicle and an armoured car for the passengers.
const request = {
  purpose: 'Plant engineers to the Clifton office for the quarterly review',
  origin: 'Port Qasim power plant (demo)',
  destination: 'Karachi liaison office, Clifton (demo)',
  waypoints: [
    '24.7857, 67.3486',
    '24.81, 67.32',
    '24.86, 67.25',
    '24.87, 67.21',
    '24.895, 67.155',
    '24.882, 67.12',
    '24.852, 67.062',
    '24.8138, 67.03',
  ],
  departure: minutes(30),
  arrival: minutes(120),
  checkpoint: { name: 'Star Gate', lat: '24.895', lon: '67.155', at: minutes(70) },
  vehicle: 'Armoured Land Cruiser',
  armoured: true,
  firstPassenger: 30,
};

type Session = { page: Page; problems: string[] };
const sessions: Record<string, Session> = {};
let detailPath = '';

async function as(username: string): Promise<Session> {
  if (!sessions[username]) {
    const session = await newPage(demo.browser, demo.server);
    await signIn(session.page, demo.server, username);
    sessions[username] = session;
  }
  return sessions[username];
}

const state = (page: Page) => page.locator('.movement-head .state-tag').textContent();

async function switchTo(page: Page, language: Language) {
  await page.locator('.language select').selectOption(language);
  await expect
    .poll(() => page.evaluate(() => document.documentElement.dir))
    .toBe(language === 'ur' ? 'rtl' : 'ltr');
}

beforeAll(async () => {
  // The partner's approval comes from another of its coordinators: no one approves their own request.
  await createUser(
    demo.server,
    { call: await apiAs(demo.server, 'cso-admin'), partyId: 'cso' },
    {
      username: 'cso-duty-coordinator',
      displayName: 'Duty coordinator',
      roles: ['coordinator'],
    },
  );
});

describe('a movement end to end: requested, approved by both parties, escorted, departed', () => {
  it('the partner coordinator requests a movement past the airport zone: assessed at level 4, both approvals required', async () => {
    const { page, problems } = await as('cso-coordinator');
    await page.goto('/movements/new');
    await fillRequest(page, request);
    const live = page.locator('.live-assessment');
    expect(await live.textContent()).toContain('protection[level=4]');
    await page.locator('.save-submit').click();
    await page.waitForURL((url) => /^\/movements\/(?!new$)[^/]+$/.test(url.pathname));
    detailPath = new URL(page.url()).pathname;
    await expect.poll(() => state(page)).toBe('submitted');
    expect(problems).toEqual([]);
  });

  it('the host and the partner coordinators approve it', async () => {
    for (const username of ['ssd-coordinator', 'cso-duty-coordinator']) {
      const { page, problems } = await as(username);
      await page.goto(detailPath);
      const view = page.locator('.approval-view');
      await view.getByRole('button', { name: 'Approve', exact: true }).click();
      const party = username.startsWith('ssd') ? 'host' : 'partner';
      await expect
        .poll(() => page.locator(`.party-decisions li[data-party=${party}]`).getAttribute('data-status'))
        .toBe('approved');
      expect(problems).toEqual([]);
    }
    const { page } = await as('cso-duty-coordinator');
    await expect.poll(() => state(page)).toBe('approved');
  });

  it('the host coordinator assigns Falcon-1; its commander accepts the task: the movement is ready', async () => {
    const coordinator = await as('ssd-coordinator');
    await coordinator.page.reload();
    await coordinator.page.getByRole('button', { name: 'Assign Falcon-1' }).click();
    await expect
      .poll(() =>
        coordinator.page.locator('.escort-units tr[data-unit="Falcon-1"]').getAttribute('data-availability'),
      )
      .toBe('here');

    const commander = await as('ssd-commander');
    await commander.page.goto('/movements/tasks');
    const task = commander.page.locator('.task-card[data-status=assigned]', { hasText: request.purpose });
    await task.getByRole('button', { name: 'Accept the task' }).click();
    const accepted = commander.page.locator('.task-card[data-status=accepted]', { hasText: request.purpose });
    await expect.poll(() => accepted.locator('.state-tag').textContent()).toBe('ready');
    expect(coordinator.problems).toEqual([]);
    expect(commander.problems).toEqual([]);
  });

  it('the commander departs with it: underway, every step in its timeline under the agreement version', async () => {
    const { page, problems } = await as('ssd-commander');
    await page.goto(detailPath);
    await expect.poll(() => state(page)).toBe('ready');
    await page.locator('.movement-actions').getByRole('button', { name: 'Depart' }).click();
    await expect.poll(() => state(page)).toBe('under way');
    const timeline = page.locator('.timeline');
    for (const kind of ['submit', 'approval', 'escort_assign', 'escort_accept', 'depart'])
      await timeline.locator(`li[data-kind=${kind}]`).first().waitFor();
    expect(await timeline.locator('li[data-kind=escort_accept]').textContent()).toContain(
      'Escort task accepted',
    );
    expect(await timeline.locator('li[data-kind=depart]').textContent()).toMatch(
      /ready → under way.*agreement version \d+/s,
    );
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'movement-underway', 'en');
    for (const language of ['zh', 'ur'] as const) {
      await switchTo(page, language);
      await timeline.locator('li[data-kind=depart]').waitFor();
      expect(await accessibilityProblems(page), language).toEqual([]);
      await screenshot(page, 'movement-underway', language);
    }
    await switchTo(page, 'en');
    expect(problems).toEqual([]);
  });
});
