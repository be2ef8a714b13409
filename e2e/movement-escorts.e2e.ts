import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createUser, type ApiCall } from './helpers/api.js';
import { accessibilityProblems, newPage, screenshot, signIn, type Language } from './helpers/browser.js';
import { useDemo } from './helpers/demo.js';

const demo = useDemo();

// The demo's Karakoram Highway request through the level-5 zone at Dasu: the partner asked, both
// parties approve. Level 5 needs two armed escort vehicles and an armoured passenger vehicle, which
// the host's Falcon-2 (four armed vehicles, two armoured) gives alone. (Falcon-1 escorts the demo's
// ready movement that morning, so it is booked.)
const dasu = 'Crew rotation: Dasu engineers';
// The host's own request on the same morning: it overlaps, so a unit booked on it is not free.
const tarbela = 'Inspection of the Tarbela 5th extension works';
const unit = 'Falcon-2';
const commanderName = 'falcon-2-commander';

interface Listed {
  id: string;
  purpose?: string;
}
let movementId = '';
let tarbelaId = '';
let unitId = '';
let hostCoordinator: ApiCall;
let coordinator: { page: Page; problems: string[] };
let commander: { page: Page; problems: string[] };

/** What the page reported, less the refusals the test provokes: the 409 of a unit booked meanwhile. */
const unexpected = (problems: string[]) => problems.filter((p) => !p.includes('status of 409'));

async function switchTo(page: Page, language: Language) {
  await page.locator('.language select').selectOption(language);
  await expect
    .poll(() => page.evaluate(() => document.documentElement.dir))
    .toBe(language === 'ur' ? 'rtl' : 'ltr');
}

const escorts = (page: Page) => page.locator('.escorts');
const unitRow = (page: Page, callSign = unit) => page.locator(`.escort-units tr[data-unit="${callSign}"]`);
const task = (page: Page, status: string) =>
  page.locator(`.task-card[data-status=${status}]`, { hasText: dasu });

beforeAll(async () => {
  const { server } = demo;
  // Setup the screens do not cover: no demo commander leads Falcon-2, and the Dasu request's
  // partner approval needs a partner coordinator other than the one who asked for it.
  const hostAdmin = await apiAs(server, 'ssd-admin');
  const units = await hostAdmin<{ items: { id: string; callSign: string }[] }>(
    'GET',
    '/api/v1/units?limit=100',
  );
  unitId = units.items.find((u) => u.callSign === unit)!.id;
  await createUser(
    server,
    { call: hostAdmin, partyId: 'ssd' },
    { username: commanderName, displayName: `Commander of ${unit}`, roles: ['commander'], unitId },
  );
  await createUser(
    server,
    { call: await apiAs(server, 'cso-admin'), partyId: 'cso' },
    {
      username: 'cso-coordinator-2',
      displayName: 'Second coordinator',
      roles: ['coordinator'],
    },
  );

  hostCoordinator = await apiAs(server, 'ssd-coordinator');
  const listed = await hostCoordinator<{ items: Listed[] }>('GET', '/api/v1/movements?limit=100');
  movementId = listed.items.find((m) => m.purpose?.startsWith(dasu))!.id;
  tarbelaId = listed.items.find((m) => m.purpose?.startsWith(tarbela))!.id;
  const partnerCoordinator = await apiAs(server, 'cso-coordinator-2');
  for (const approve of [hostCoordinator, partnerCoordinator])
    await approve('POST', `/api/v1/movements/${movementId}/approvals`, { decision: 'approved' });

  [coordinator, commander] = await Promise.all([
    newPage(demo.browser, server),
    newPage(demo.browser, server),
  ]);
  await signIn(coordinator.page, server, 'ssd-coordinator');
  await signIn(commander.page, server, commanderName);
});

describe('escort assignment and the commander’s tasks in the web app', () => {
  it('shows the host coordinator the shortfall and each unit’s availability; a unit booked meanwhile is refused plainly', async () => {
    const { page, problems } = coordinator;
    await page.goto(`/movements/${movementId}`);
    await expect.poll(() => page.locator('.movement-head .state-tag').textContent()).toBe('approved');
    const requirement = page.locator('.escort-requirement');
    await requirement.waitFor();
    expect(await requirement.textContent()).toContain('Required under protection[level=5].');
    expect(await requirement.textContent()).toContain(
      'Kinds of unit your party may provide here: armed escort',
    );
    expect(await requirement.locator('[data-rule=armedEscortVehicles]').textContent()).toBe(
      '2 armed escort vehicles: the accepted escort gives 0, 2 short.',
    );
    expect(await requirement.locator('[data-rule=armouredPassengerVehicle]').getAttribute('data-met')).toBe(
      'true',
    );
    expect(await requirement.textContent()).toContain('The escort does not meet the requirement yet.');
    expect(await escorts(page).textContent()).toContain('No unit is assigned yet.');
    expect(await unitRow(page).getAttribute('data-availability')).toBe('free');
    expect(await unitRow(page).textContent()).toContain('4 (2 armoured)');

    // Another coordinator books the unit on the overlapping Tarbela visit while this list is open.
    await hostCoordinator('POST', `/api/v1/movements/${tarbelaId}/units`, { unitId });
    await page.getByRole('button', { name: `Assign ${unit}` }).click();
    await expect
      .poll(() => page.locator('.escort-lost').textContent())
      .toContain(`${unit} was booked for an overlapping movement meanwhile`);
    // The list reloads: the unit is booked, on the movement named, and offers no Assign.
    await expect.poll(() => unitRow(page).getAttribute('data-availability')).toBe('booked');
    expect(await unitRow(page).textContent()).toContain('Booked on another movement at that time:');
    await unitRow(page)
      .getByRole('link', { name: new RegExp(tarbela) })
      .waitFor();
    expect(await page.getByRole('button', { name: `Assign ${unit}` }).count()).toBe(0);

    // Freed from the Tarbela visit, it is assigned here and awaits its commander's answer.
    await hostCoordinator('DELETE', `/api/v1/movements/${tarbelaId}/units/${unitId}`);
    await page.reload();
    await page.getByRole('button', { name: `Assign ${unit}` }).click();
    await expect.poll(() => unitRow(page).getAttribute('data-availability')).toBe('here');
    const answer = escorts(page).locator('.escort-answers li[data-status=assigned]');
    await expect
      .poll(() => answer.textContent())
      .toBe(`${unit} (armed escort): awaiting the commander's answer`);
    await expect.poll(() => page.locator('.timeline li[data-kind=escort_assign]').count()).toBe(1);
    expect(await accessibilityProblems(page)).toEqual([]);
    await escorts(page).scrollIntoViewIfNeeded();
    await screenshot(page, 'movement-escorts', 'en');
    expect(unexpected(problems)).toEqual([]);
  });

  it('lists the task for the unit’s commander, who declines it with a reason: it leaves the list', async () => {
    const { page, problems } = commander;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Movements' }).click();
    await page.getByRole('link', { name: 'My escort tasks' }).click();
    await page.getByRole('heading', { name: 'My escort tasks' }).waitFor();
    const card = task(page, 'assigned');
    await card.waitFor();
    const text = await card.textContent();
    expect(text).toContain("awaiting the commander's answer");
    expect(text).toContain('Dasu');
    expect(text).toMatch(/Risk.*5/);
    expect(text).toContain('2 armed escort vehicles, An armoured vehicle for the passengers');
    expect(await card.locator('dt:has-text("Passengers") + dd').textContent()).toBe('4');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'escort-tasks', 'en');

    await card.getByRole('button', { name: 'Decline the task' }).click();
    await page
      .getByLabel('Why do you decline? (The coordinator sees it.)')
      .fill('Two vehicles in the workshop');
    await page.getByRole('button', { name: 'Decline it' }).click();
    // A declined task leaves the list: the unit is free again, and the movement back to assignment.
    await expect.poll(() => task(page, 'assigned').count()).toBe(0);
    expect(await page.locator('.escort-tasks').textContent()).toContain('Your unit has no escort tasks.');
    expect(unexpected(problems)).toEqual([]);
  });

  it('shows the coordinator the decline and its reason; assigned again, the commander accepts and the movement is ready', async () => {
    const { page } = coordinator;
    await page.reload();
    const declined = escorts(page).locator('.escort-answers li[data-status=declined]');
    await declined.waitFor();
    expect(await declined.textContent()).toContain('declined by the commander');
    expect(await declined.textContent()).toContain('Reason: Two vehicles in the workshop');
    expect(await page.locator('.movement-head .state-tag').textContent()).toBe('approved');
    await page.getByRole('button', { name: `Assign ${unit}` }).click();
    await expect.poll(() => unitRow(page).getAttribute('data-availability')).toBe('here');

    await commander.page.reload();
    const card = task(commander.page, 'assigned');
    await card.getByRole('button', { name: 'Accept the task' }).click();
    const accepted = task(commander.page, 'accepted');
    await accepted.waitFor();
    expect(await accepted.locator('.state-tag').textContent()).toBe('ready');
    // Accepted, it may still be declined (the unit called away), not accepted twice.
    expect(await accepted.getByRole('button').allTextContents()).toEqual(['Decline the task']);

    await page.reload();
    await expect.poll(() => page.locator('.movement-head .state-tag').textContent()).toBe('ready');
    expect(await page.locator('.escort-verdict').textContent()).toContain(
      'The accepted escort meets the requirement.',
    );
    expect(await escorts(page).locator('.escort-answers li[data-status=accepted]').textContent()).toContain(
      'accepted by the commander',
    );
    await expect
      .poll(() => page.locator('.timeline li[data-kind=escort_accept]').textContent())
      .toContain('approved → ready');
    expect(unexpected(coordinator.problems)).toEqual([]);
    expect(unexpected(commander.problems)).toEqual([]);
  });

  it('shows the assignment and the task list in Chinese and Urdu, accessible', async () => {
    for (const language of ['zh', 'ur'] as const) {
      for (const { page } of [coordinator, commander]) await switchTo(page, language);
      await coordinator.page.locator('.escort-requirement').waitFor();
      expect(await accessibilityProblems(coordinator.page), `assignment ${language}`).toEqual([]);
      await escorts(coordinator.page).scrollIntoViewIfNeeded();
      await screenshot(coordinator.page, 'movement-escorts', language);

      await task(commander.page, 'accepted').waitFor();
      expect(await accessibilityProblems(commander.page), `tasks ${language}`).toEqual([]);
      await screenshot(commander.page, 'escort-tasks', language);
    }
    for (const { page } of [coordinator, commander]) await switchTo(page, 'en');
    expect(unexpected(coordinator.problems)).toEqual([]);
    expect(unexpected(commander.problems)).toEqual([]);
  });
  it('shows the partner coordinator which of its units the agreement does not allow at this level', async () => {
    const partner = await newPage(demo.browser, demo.server);
    await signIn(partner.page, demo.server, 'cso-coordinator');
    await partner.page.goto(`/movements/${movementId}`);
    // Close protection is the host's alone at level 5 and up; liaison either party's.
    const lotus = unitRow(partner.page, 'Lotus-1');
    await lotus.waitFor();
    expect(await lotus.getAttribute('data-availability')).toBe('refused');
    expect(await lotus.textContent()).toContain('Not allowed by the agreement for your party');
    expect(await lotus.textContent()).toMatch(/clause unitKinds\.close_protection/);
    expect(await lotus.getByRole('button').count()).toBe(0);
    expect(await unitRow(partner.page, 'Lotus-2').getAttribute('data-availability')).toBe('free');
    expect(await partner.page.locator('.escort-requirement').textContent()).toContain(
      'Kinds of unit your party may provide here: liaison.',
    );
    expect(await accessibilityProblems(partner.page)).toEqual([]);
    expect(partner.problems).toEqual([]);
    await partner.context.close();
  });
});
