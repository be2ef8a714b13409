import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { DemoServer } from './server.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const screenshotsDir = path.join(root, 'docs', 'screenshots');

/** Debian's Chromium, never a downloaded browser; Playwright's own flags keep it off the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
}

export type Language = 'en' | 'zh' | 'ur';

/** A browser profile that prefers `language`, as a user's own browser would. */
export async function newPage(
  browser: Browser,
  server: DemoServer,
  options: { language?: Language; width?: number; height?: number } = {},
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const locale = { en: 'en-GB', zh: 'zh-CN', ur: 'ur-PK' }[options.language ?? 'en'];
  const context = await browser.newContext({
    baseURL: server.url,
    locale,
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
  });
  const page = await context.newPage();
  // Anything the page reports as broken fails the test: script errors, CSP refusals, requests
  // to other hosts.
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 40[134]/.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(server.url) && !/^(data|blob):/.test(request.url())) {
      problems.push(`outside request: ${request.url()}`);
    }
  });
  return { context, page, problems };
}

/** Signs in through the form, with the authenticator's code when the account asks for one. */
export async function signIn(page: Page, server: DemoServer, username: string) {
  const user = server.users[username];
  if (!user) throw new Error(`no demo user ${username}`);
  await page.goto('/');
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(user.password);
  if (user.totpSecret) await page.locator('input[name=totp]').fill(await server.totp(username));
  await page.locator('button[type=submit]').click();
  await page.locator('nav a').first().waitFor();
}

/** The map has drawn its base map and every layer's data has settled. */
export async function mapReady(page: Page) {
  await page.locator('.ops[data-settled=true]').waitFor({ timeout: 30_000 });
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline scripts) does not block it.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (
            options: unknown,
          ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    // No context: the whole document.
    const result = await axe.run({ resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.targets.slice(0, 3).join(', ')}`);
}

/** Writes `docs/screenshots/<name>-<language>.png` for the README. */
export async function screenshot(page: Page, name: string, language: Language) {
  mkdirSync(screenshotsDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotsDir, `${name}-${language}.png`) });
}
