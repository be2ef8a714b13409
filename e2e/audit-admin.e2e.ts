import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { totpAt } from '../src/access/totp.js';
import { accessibilityProblems, newPage, screenshot, signIn, type Language } from './helpers/browser.js';
import { useDemo } from './helpers/demo.js';

const demo = useDemo();

const others: Language[] = ['zh', 'ur'];

async function useLanguage(page: Page, language: Language) {
  await page.locator('.language select').selectOption(language);
  await expect
    .poll(() => page.evaluate(() => document.documentElement.dir))
    .toBe(language === 'ur' ? 'rtl' : 'ltr');
}

/** What the admin made, for the auditor to find. */
const made = { adminId: '', username: 'e2e-auditee', token: 'e2e-script', device: 'e2e-phone' };

describe('administration and the audit log', () => {
  it('an admin creates a user, an API token with a fresh code, and a device, each secret shown once', async () => {
    const { page, problems, context } = await newPage(demo.browser, demo.server);
    await signIn(page, demo.server, 'ssd-admin');
    made.adminId = ((await (await page.request.get('/api/v1/me')).json()) as { id: string }).id;

    await page.goto('/admin/users');
    const create = page.locator('section', { has: page.getByRole('heading', { name: 'Create user' }) });
    await create.getByLabel('Username').fill(made.username);
    await create.getByLabel('Display name').fill('E2E Analyst');
    await create.getByLabel('analyst').check();
    await create.getByRole('button', { name: 'Create user' }).click();
    const password = page.getByRole('region', { name: `New password of ${made.username}` });
    expect(await password.locator('[data-secret]').textContent()).toMatch(/\S{12,}/);
    await page.locator(`tr[data-username="${made.username}"]`).waitFor();
    expect(await page.locator(`tr[data-username="${made.username}"]`).textContent()).toContain('analyst');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'admin-users', 'en');
    await password.getByRole('button', { name: 'Done' }).click();
    expect(await page.locator('[data-secret]').count()).toBe(0);
    // The same username again: refused, saying why, and nothing shown.
    await create.getByLabel('Username').fill(made.username);
    await create.getByLabel('Display name').fill('Someone else');
    await create.getByLabel('observer').check();
    await create.getByRole('button', { name: 'Create user' }).click();
    await expect
      .poll(() => create.getByRole('alert').textContent())
      .toMatch(/^That username is taken\. \(field: username\)/);

    await page.goto('/admin/tokens');
    await page.getByLabel('Name').fill(made.token);
    // The sign-in used this step's code; the next step's is fresh (the server allows one step of drift).
    const secret = demo.server.users['ssd-admin']!.totpSecret!;
    await page
      .getByLabel('Code from your authenticator app')
      .fill(totpAt(secret, new Date(Date.now() + 30_000)));
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = page.getByRole('region', { name: `Token ${made.token}` });
    expect(await token.locator('[data-secret]').textContent()).toMatch(/\S{20,}/);
    await page.locator(`tr[data-token="${made.token}"]`).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'admin-tokens', 'en');

    await page.goto('/admin/devices');
    await page.getByLabel('Reports for a').selectOption('unit');
    const subject = page.locator('select[name=subjectId] option').nth(1);
    await subject.waitFor({ state: 'attached' });
    await page.locator('select[name=subjectId]').selectOption((await subject.getAttribute('value'))!);
    await page.getByLabel('Device name').fill(made.device);
    await page.getByRole('button', { name: 'Register device' }).click();
    const device = page.getByRole('region', { name: new RegExp(`^Device token of ${made.device}`) });
    expect(await device.locator('[data-secret]').textContent()).toMatch(/\S{20,}/);
    await device.getByRole('img', { name: /^QR code that sets up OwnTracks/ }).waitFor();
    await page.locator(`tr[data-device="${made.device}"]`).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'admin-devices', 'en');

    // The admin checkpoints the log; this demo server holds both parties' keys, so both sign.
    await page.goto('/audit');
    await page.getByRole('button', { name: 'Create a checkpoint now' }).click();
    await expect
      .poll(() => page.locator('.audit-checkpoints tbody tr').first().textContent())
      .toContain('Verified');

    for (const language of others) {
      await useLanguage(page, language);
      for (const screen of ['users', 'tokens', 'devices']) {
        await page.goto(`/admin/${screen}`);
        await page.locator('.record-table tbody tr').first().waitFor();
        expect(await accessibilityProblems(page)).toEqual([]);
        await screenshot(page, `admin-${screen}`, language);
      }
    }
    // The browser logs the refused duplicate (409) as a failed load; anything else is a problem.
    expect(problems.filter((p) => !p.includes('status of 409'))).toEqual([]);
    await context.close();
  });

  it('the auditor finds those entries by action with their actor, a verified checkpoint and a proof checked in the browser', async () => {
    const { page, problems, context } = await newPage(demo.browser, demo.server);
    await signIn(page, demo.server, 'ssd-observer');
    await page.goto('/audit');
    await page.getByLabel('Action').selectOption('user.created');
    await page.getByRole('button', { name: 'Show entries' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?action=user.created');
    await expect
      .poll(() => page.locator('tr[data-action]:not([data-action="user.created"])').count())
      .toBe(0);
    const created = page.locator('tr[data-action="user.created"]', { hasText: made.adminId });
    await created.first().waitFor();

    // Filtered by the admin as actor: the flow's three entries are there.
    await page.goto(`/audit?actorId=${made.adminId}`);
    for (const action of ['user.created', 'token.created', 'device.created']) {
      await page.locator(`tr[data-action="${action}"]`).first().waitFor();
    }
    const checkpoint = page.locator('.audit-checkpoints tbody tr').first();
    await expect.poll(() => checkpoint.textContent()).toContain('Verified');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'audit', 'en');

    await page.locator('tr[data-action="user.created"] a').first().click();
    await page.getByRole('button', { name: /^Check it is in the checkpoint/ }).click();
    await expect
      .poll(() => page.locator('.proof [role=status]').textContent())
      .toMatch(/^Verified in this browser/);
    expect(await page.locator('.proof-path li').count()).toBeGreaterThan(2);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'audit-proof', 'en');
    const proofAddress = page.url();

    for (const language of others) {
      await useLanguage(page, language);
      await page.goto(`/audit?actorId=${made.adminId}`);
      await page.locator('tr[data-action="device.created"]').first().waitFor();
      await expect.poll(() => checkpoint.locator('.status-verified').count()).toBe(1);
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, 'audit', language);
      await page.goto(proofAddress);
      await page.locator('.audit-entry button.primary').click();
      await page.locator('.proof .status-verified').waitFor();
      await screenshot(page, 'audit-proof', language);
    }

    // 360 px wide: the tables scroll inside their panels, the page does not.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(problems).toEqual([]);
    await context.close();
  });
});
