import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { accessibilityProblems, newPage, screenshot, signIn, type Language } from './helpers/browser.js';
import { useDemo } from './helpers/demo.js';
import { fillRequest } from './helpers/movement-form.js';

const demo = useDemo();
let coordinator: { page: Page; problems: string[] };

const purpose = 'Site visit to the Port Qasim plant';
const origin = 'Karachi liaison office, Clifton (demo)';
const destination = 'Port Qasim power plant (demo)';
// From the Clifton office east along the coast road to the plant: the route starts and ends at the sites.
const waypoints = ['24.8138, 67.03', '24.86, 67.13', '24.85, 67.25', '24.7857, 67.3486'];
const checkpoint = { name: 'Korangi crossing', lat: '24.86', lon: '67.13' };

/** Tomorrow at `hh:mm` in the browser's (and this process's) own time zone. */
function tomorrowAt(time: string): Date {
  const day = new Date(Date.now() + 86_400_000);
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  day.setHours(hours, minutes, 0, 0);
  return day;
}

/** The request, with two passengers from `first` on: a person already on a movement at that time cannot travel on another. */
const fillForm = (page: Page, first = 0) =>
  fillRequest(page, {
    purpose,
    origin,
    destination,
    waypoints,
    departure: tomorrowAt('05:00'),
    arrival: tomorrowAt('06:30'),
    checkpoint: { ...checkpoint, at: tomorrowAt('05:30') },
    vehicle: 'Land Cruiser, white',
    armoured: true,
    firstPassenger: first,
  });

async function switchTo(page: Page, language: Language) {
  await page.locator('.language select').selectOption(language);
  await expect
    .poll(() => page.evaluate(() => document.documentElement.dir))
    .toBe(language === 'ur' ? 'rtl' : 'ltr');
}

async function mapShown(page: Page) {
  await page.locator('.movement-map[data-ready=true]').waitFor({ timeout: 30_000 });
}

/**
 * What the page reported, less the API's 400 answers the test asks for: the empty form saved, and
 * the live assessment of a request not yet complete (the form shows each beside its field).
 */
const unexpected = (problems: string[]) => problems.filter((p) => !p.includes('status of 400'));

beforeAll(async () => {
  coordinator = await newPage(demo.browser, demo.server);
  await signIn(coordinator.page, demo.server, 'cso-coordinator');
});

describe('movements in the web app', () => {
  let detailPath = '';

  it('the partner coordinator requests a movement on the form, sees it assessed live and submits it', async () => {
    const { page, problems } = coordinator;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Movements' }).click();
    await page.getByRole('heading', { name: 'Movement board' }).waitFor();
    // The demo's own requests are on the board already: the Karakoram Highway one awaits approval.
    await page
      .locator('.board-column[data-state=submitted] .movement-card', { hasText: 'Dasu' })
      .first()
      .waitFor();

    await page.getByRole('link', { name: 'Request a movement' }).click();
    await page.getByRole('heading', { name: 'Request a movement' }).waitFor();
    await mapShown(page);

    // Saved empty, the API names each field it refuses and the form shows it beside the field.
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await expect.poll(() => page.locator('.field-invalid').count()).toBeGreaterThan(2);
    expect(await page.getByLabel('Purpose').getAttribute('aria-invalid')).toBe('true');

    // A click on the map adds a waypoint to the typed list; undo takes it off again.
    const box = (await page.locator('.movement-map canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect
      .poll(() => page.locator('textarea[name=route]').inputValue())
      .toMatch(/^\d+\.\d+, \d+\.\d+$/);
    await page.getByRole('button', { name: 'Remove the last waypoint' }).click();
    expect(await page.getByLabel('Waypoints, one per line').inputValue()).toBe('');

    await fillForm(page);
    const live = page.locator('.live-assessment');
    expect(await live.textContent()).toContain('Worst stretch:');
    expect(await live.textContent()).toMatch(/What the agreement requires \(protection\[level=\d\]\)/);
    expect(await live.textContent()).toContain('Approvals required');
    expect(await page.getByLabel('Waypoints, one per line').inputValue()).toBe(waypoints.join('\n'));
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'movement-form', 'en');

    await page.locator('.save-submit').click();
    await page.waitForURL((url) => /^\/movements\/(?!new$)[^/]+$/.test(url.pathname));
    detailPath = new URL(page.url()).pathname;
    const head = page.locator('.movement-head');
    await expect.poll(() => head.locator('.state-tag').textContent()).toBe('submitted');
    expect(await page.locator('#movement-title').textContent()).toBe(purpose);
    await expect.poll(() => head.textContent()).toContain(origin);
    expect(await head.textContent()).toContain(destination);
    await mapShown(page);

    // The assessment with its clauses, the passengers, the checkpoint, and the timeline.
    const assessment = page.locator('section[aria-labelledby=movement-assessment]');
    expect(await assessment.textContent()).toContain('Worst stretch:');
    expect(await assessment.locator('.clause').count()).toBeGreaterThan(1);
    expect(await page.locator('.passenger-list li').count()).toBe(2);
    expect(await page.locator('section[aria-labelledby=movement-checkpoints] tbody th').textContent()).toBe(
      checkpoint.name,
    );
    const timeline = page.locator('.timeline');
    const submitted = timeline.locator('li[data-kind=submit]');
    await submitted.waitFor();
    expect(await timeline.locator('li').first().textContent()).toContain('Requested as a draft');
    expect(await submitted.textContent()).toContain('Submitted');
    expect(await submitted.textContent()).toContain('draft → submitted');
    expect(await submitted.textContent()).toMatch(/by you · agreement version \d+/);
    expect(await submitted.textContent()).toContain('Assessed at level');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'movement-detail', 'en');
    expect(unexpected(problems)).toEqual([]);
  });

  it('shows the movement on the board as submitted, with the filters in the address', async () => {
    const { page, problems } = coordinator;
    await page.getByRole('link', { name: 'Movement board' }).click();
    const card = page.locator('.board-column[data-state=submitted] .movement-card', { hasText: purpose });
    // The card names its sites once they are read, after the card itself.
    await expect.poll(() => card.textContent()).toContain(origin);
    expect(await card.textContent()).toContain(destination);
    expect(await card.locator('.level-badge').count()).toBe(1);
    expect(
      await page.locator('.board-column[data-state=draft] .movement-card', { hasText: purpose }).count(),
    ).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'movements-board', 'en');

    await page.getByLabel('State', { exact: true }).selectOption('draft');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => page.url()).toContain('state=draft');
    // Only drafts now, and the submitted request is not among them.
    await expect
      .poll(() => page.locator('.board-column[data-state=submitted] .movement-card').count())
      .toBe(0);
    expect(await page.locator('.movement-card', { hasText: purpose }).count()).toBe(0);
    await page.goto('/movements?q=port+qasim');
    await card.waitFor();
    expect(unexpected(problems)).toEqual([]);
  });

  it('shows the board, the form and the detail in Chinese and Urdu, accessible', async () => {
    const { page, problems } = coordinator;
    for (const [i, language] of (['zh', 'ur'] as const).entries()) {
      await page.goto('/movements');
      await switchTo(page, language);
      await page.locator('.board-column[data-state=submitted] .movement-card').first().waitFor();
      expect(await accessibilityProblems(page), `board ${language}`).toEqual([]);
      await screenshot(page, 'movements-board', language);

      await page.goto(detailPath);
      await page.locator('.timeline li[data-kind=submit]').waitFor();
      await mapShown(page);
      expect(await accessibilityProblems(page), `detail ${language}`).toEqual([]);
      await screenshot(page, 'movement-detail', language);

      await page.goto('/movements/new');
      await mapShown(page);
      await fillForm(page, 2 + 2 * i);
      expect(await accessibilityProblems(page), `form ${language}`).toEqual([]);
      await screenshot(page, 'movement-form', language);
    }
    await switchTo(page, 'en');
    expect(unexpected(problems)).toEqual([]);
  });

  it('cancels the movement with a reason: it moves to the closed ones, the reason in its timeline', async () => {
    const { page, problems } = coordinator;
    await page.goto(detailPath);
    await page.getByRole('button', { name: 'Cancel the movement' }).click();
    await page.getByLabel('Why? (Cancel the movement)').fill('The plant visit was postponed');
    await page.getByRole('button', { name: 'Cancel it' }).click();
    await expect.poll(() => page.locator('.movement-head .state-tag').textContent()).toBe('cancelled');
    const last = page.locator('.timeline li').last();
    await expect.poll(() => last.textContent()).toContain('Reason: The plant visit was postponed');
    expect(await page.locator('.movement-actions').textContent()).toContain('Nothing for you to do');

    await page.goto('/movements');
    await page.locator('.board-closed summary').click();
    await page.locator('.board-column[data-state=cancelled] .movement-card', { hasText: purpose }).waitFor();
    expect(unexpected(problems)).toEqual([]);
  });
});
