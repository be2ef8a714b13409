import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accessibilityProblems, newPage, screenshot, signIn, type Language } from './helpers/browser.js';
import { useDemo } from './helpers/demo.js';

const demo = useDemo();

// The demo's submitted requests (src/demo/movements.ts), by their purpose.
const dasu = 'Crew rotation: Dasu engineers down the Karakoram Highway';
const tarbela = 'Inspection of the Tarbela 5th extension works';
const thar = 'Mine survey team to the Thar coal block';
const partnerName = 'Contractor security office (demo)';
const hostName = 'Special Security Division (demo)';
const justification = 'Survey crew must leave before the flood warning closes the Thatta road';

/**
 * What the page reported, less the API's refusals the test asks for: a veto without a reason
 * (400), a justification shorter than the agreement's minimum (403).
 */
const unexpected = (problems: string[]) => problems.filter((p) => !/status of 40[03]/.test(p));

async function signedIn(username: string) {
  const session = await newPage(demo.browser, demo.server);
  await signIn(session.page, demo.server, username);
  return session;
}

/** Opens a demo movement from the board by its purpose, and waits for its approval view. */
async function openMovement(page: Page, purpose: string) {
  await page.goto('/movements');
  await page.locator('.movement-card', { hasText: purpose }).getByRole('link').click();
  await page.locator('.approval-view .party-decisions').waitFor();
}

const decision = (page: Page, party: 'host' | 'partner') =>
  page.locator(`.party-decisions li[data-party=${party}]`);

async function switchTo(page: Page, language: Language) {
  await page.locator('.language select').selectOption(language);
  await expect
    .poll(() => page.evaluate(() => document.documentElement.dir))
    .toBe(language === 'ur' ? 'rtl' : 'ltr');
}

describe('joint approval of movements in the web app', () => {
  it('the host coordinator sees both approvals pending with their clause, and approves', async () => {
    const { page, problems } = await signedIn('ssd-coordinator');
    await openMovement(page, dasu);
    const view = page.locator('.approval-view');
    expect(await view.textContent()).toContain('protection[level=5].armedEscortVehicles');
    expect(await decision(page, 'host').getAttribute('data-status')).toBe('pending');
    expect(await decision(page, 'partner').getAttribute('data-status')).toBe('pending');
    expect(await decision(page, 'host').textContent()).toContain('protection[level=5].approvals');
    expect(await decision(page, 'partner').textContent()).toContain(partnerName);
    await view.scrollIntoViewIfNeeded();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'movement-approvals', 'en');

    await view.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect.poll(() => decision(page, 'host').getAttribute('data-status')).toBe('approved');
    expect(await decision(page, 'host').textContent()).toMatch(/by you · .* · agreement version \d+/);
    // The partner's approval is still awaited: the movement stays submitted.
    expect(await decision(page, 'partner').getAttribute('data-status')).toBe('pending');
    expect(await page.locator('.movement-head .state-tag').textContent()).toBe('submitted');
    const given = page.locator('.timeline li[data-kind=approval]');
    await given.waitFor();
    expect(await given.textContent()).toContain('Approval given');
    expect(await given.textContent()).toContain('For the host party');
    expect(await given.textContent()).toContain('Still awaited: partner');
    expect(await given.textContent()).toMatch(/agreement version \d+/);
    expect(unexpected(problems)).toEqual([]);
  });

  it('the host commander breaks glass on the Thar movement with a justification long enough: it is flagged', async () => {
    const { page, problems } = await signedIn('ssd-commander');
    await openMovement(page, thar);
    const view = page.locator('.approval-view');
    await view.getByRole('button', { name: 'Break glass: approve alone' }).click();
    const text = view.getByLabel('Justification of the emergency');
    await text.fill('Flood warning');
    expect(await view.locator('.char-count').textContent()).toBe('13 characters of at least 20');
    expect(await view.locator('.char-count').getAttribute('data-short')).toBe('true');
    // The server refuses it too, naming the clause, beside the buttons.
    await view.getByRole('button', { name: 'Approve alone under break-glass' }).click();
    await expect
      .poll(() => view.locator('.approval-actions [role=alert]').textContent())
      .toContain('clause emergency.justificationMinLength');

    await text.fill(justification);
    expect(await view.locator('.char-count').getAttribute('data-short')).toBe('false');
    await view.getByRole('button', { name: 'Approve alone under break-glass' }).click();
    const flag = page.locator('.movement-head .break-glass-flag');
    await flag.waitFor();
    // The reviewer by name, once the parties have loaded.
    await expect
      .poll(() => flag.textContent())
      .toContain(`Approved under break-glass, awaiting ${partnerName}'s review`);
    expect(await page.locator('.movement-head .state-tag').textContent()).not.toBe('submitted');
    expect(await decision(page, 'partner').getAttribute('data-status')).toBe('break_glass');
    const act = page.locator('.timeline li[data-kind=break_glass]');
    await act.waitFor();
    expect(await act.textContent()).toContain(`Justification: ${justification}`);
    expect(await act.textContent()).toContain('Under clause emergency.actors');

    await page.goto('/movements');
    const card = page.locator('.movement-card', { hasText: thar });
    await card.locator('.break-glass-flag').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(unexpected(problems)).toEqual([]);
  });

  it('the partner coordinator vetoes the host request, cannot approve its own, and reviews the break-glass from the queue', async () => {
    const { page, problems } = await signedIn('cso-coordinator');
    // The host's request needs the partner's approval: a veto needs a reason.
    await openMovement(page, tarbela);
    const view = page.locator('.approval-view');
    await view.getByRole('button', { name: 'Veto', exact: true }).click();
    await view.getByRole('button', { name: 'Veto the movement' }).click();
    await view.locator('.approval-actions [role=alert]').waitFor();
    await view
      .getByLabel('Why do you veto it? (required)')
      .fill('The delegation has no clearance for Tarbela');
    await view.getByRole('button', { name: 'Veto the movement' }).click();
    await expect.poll(() => page.locator('.movement-head .state-tag').textContent()).toBe('rejected');
    expect(await decision(page, 'partner').getAttribute('data-status')).toBe('vetoed');
    expect(await decision(page, 'partner').textContent()).toContain(
      'Reason: The delegation has no clearance for Tarbela',
    );

    // Its own request: the host approved it; the partner's approval needs another coordinator.
    await openMovement(page, dasu);
    expect(await decision(page, 'host').getAttribute('data-status')).toBe('approved');
    // Named once the parties have loaded.
    await expect.poll(() => decision(page, 'host').textContent()).toContain(`by ${hostName}`);
    expect(await page.locator('.self-approval').textContent()).toContain('You requested this movement');
    expect(await view.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(0);

    // The queue, in each language, before the review clears it.
    await page.getByRole('link', { name: 'Break-glass reviews' }).click();
    const entry = page.locator('.queue-entry', { hasText: thar });
    await entry.waitFor();
    expect(await entry.textContent()).toContain(justification);
    await expect.poll(() => entry.textContent()).toContain(`by ${hostName}`);
    expect(await entry.textContent()).toContain('Review due by');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'movement-break-glass-queue', 'en');
    for (const language of ['zh', 'ur'] as const) {
      await switchTo(page, language);
      await entry.locator('textarea, button').first().waitFor();
      expect(await accessibilityProblems(page), `queue ${language}`).toEqual([]);
      await screenshot(page, 'movement-break-glass-queue', language);
      await openMovement(page, dasu);
      await page.locator('.approval-view').scrollIntoViewIfNeeded();
      expect(await accessibilityProblems(page), `approvals ${language}`).toEqual([]);
      await screenshot(page, 'movement-approvals', language);
      await page.goto('/movements/break-glass');
      await entry.waitFor();
    }
    await switchTo(page, 'en');

    await entry.getByRole('button', { name: 'Review the break-glass approval' }).click();
    await entry.getByLabel('Review note').fill('Checked with the field office: the flood warning was real');
    await entry.getByRole('button', { name: 'Record the review' }).click();
    await expect.poll(() => page.locator('.queue-entry', { hasText: thar }).count()).toBe(0);
    // The reviewed ones are kept, with the note.
    await page.getByRole('link', { name: 'Reviewed', exact: true }).click();
    const done = page.locator('.queue-entry[data-review=reviewed]', { hasText: thar });
    await done.waitFor();
    expect(await done.textContent()).toContain('Checked with the field office');
    expect(await done.getByRole('button').count()).toBe(0);

    // The flag is gone from the detail and the board; the review is on the timeline.
    await openMovement(page, thar);
    await page.locator('.timeline li[data-kind=break_glass_review]').waitFor();
    expect(await page.locator('.break-glass-flag').count()).toBe(0);
    expect(await page.locator('.break-glass-approvals li').getAttribute('data-review')).toBe('reviewed');
    expect(await page.locator('.break-glass-approvals').textContent()).toContain(
      'Review note: Checked with the field office',
    );
    await page.goto('/movements');
    await page.locator('.movement-card', { hasText: thar }).waitFor();
    expect(await page.locator('.movement-card', { hasText: thar }).locator('.break-glass-flag').count()).toBe(
      0,
    );
    expect(unexpected(problems)).toEqual([]);
  });
});
