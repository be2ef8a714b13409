import type { Page } from 'playwright-core';
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

const demo = useDemo();

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const group = 'Balochistan Liberation Front';

// The JSMS template: two good rows (the second with its killed range written high to low, which
// the import repairs) and one whose year is a typo, in the future, which it rejects.
const csv = [
  'date,province,district,place,lat,lon,type,perpetrator,target,killed_best,wounded_best,source_publisher,source_reliability,source_credibility',
  `${daysAgo(5)},Balochistan,Kech,Turbat,26.0031,63.0544,ied,${group},security_forces,3,5,The Balochistan Post,C,3`,
  `${daysAgo(4)},Balochistan,Gwadar,Gwadar,25.1264,62.3225,armed_assault,${group},foreign_nationals,12-8,2,Dawn,B,2`,
  `2062-11-28,Sindh,Karachi,Karachi,24.8607,67.0011,targeted_killing,${group},civilians,1,0,The Express Tribune,B,2`,
].join('\n');

// In the style of a Pakistani daily's wire copy: the day of the week, the district, the toll.
const article = `PESHAWAR: Four policemen were martyred and seven others injured when terrorists attacked a police check post in Bannu district of Khyber Pakhtunkhwa on Tuesday night, officials said.

According to police, heavily armed militants opened fire on the Miryan check post at around 11pm on Tuesday. The attackers fled after an exchange of fire that lasted nearly an hour. The injured were shifted to the District Headquarters Hospital Bannu, where doctors said the condition of two was critical.

No group has claimed responsibility for the attack so far. Chief Minister Ali Amin Gandapur condemned the incident and sought a report from the Inspector General of Police.`;

/** The incidents of the test's group the API holds now, as the analyst sees them. */
async function storedOfGroup(page: Page): Promise<number> {
  const answer = await page.request.get(`/api/v1/incidents?perpetrator=${encodeURIComponent(group)}`);
  return ((await answer.json()) as { items: unknown[] }).items.length;
}

/** The number the legend shows for the incidents layer. */
async function mapIncidentCount(page: Page): Promise<number> {
  await page.goto('/');
  await mapReady(page);
  const text = await page
    .locator('.legend-group', { hasText: 'Incidents' })
    .locator('.legend-count')
    .textContent();
  return Number(text!.replace(/\D/g, ''));
}

async function chooseCsv(page: Page) {
  await page.locator('input[type=file]').setInputFiles({
    name: 'incidents.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await page.locator('.incident-import form button[type=submit]').click();
  await page.locator('.import-preview').waitFor();
}

describe('incidents: import, news drafting, list, detail and map', () => {
  let detailPath = '';
  let listPath = '';

  it('an analyst imports a CSV after a preview, drafts an incident from an article, and finds it in the list, its detail, on the map and in the report', async () => {
    const { page, problems, context } = await newPage(demo.browser, demo.server);
    await signIn(page, demo.server, 'ssd-analyst');
    const before = await mapIncidentCount(page);

    // The import: the preview lists the rejected and the repaired row, and stores nothing.
    await page.goto('/incidents/import');
    await chooseCsv(page);
    const rejected = page.locator('table.rejected-rows tbody tr');
    expect(await rejected.count()).toBe(1);
    expect(await rejected.textContent()).toContain('in the future');
    // Its place as a spreadsheet shows it: the header is row 1.
    expect(await rejected.locator('td').first().textContent()).toBe('4');
    expect(await page.locator('table.repaired-rows tbody').textContent()).toContain('runs from high to low');
    expect(await page.locator('.import-preview').textContent()).toContain('Nothing has been stored yet.');
    expect(await storedOfGroup(page)).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'incident-import', 'en');
    await page.getByRole('button', { name: 'Store 2 incidents' }).click();
    await page.locator('.import-result').waitFor();
    expect(await page.locator('.import-result').textContent()).toContain('Stored2');
    expect(await storedOfGroup(page)).toBe(2);

    // The news draft: read from the pasted article, edited (the group the analyst knows), confirmed.
    await page.getByRole('link', { name: 'Draft from news' }).click();
    await page.getByLabel('Article text').fill(article);
    await page.getByLabel('Outlet').fill('Dawn');
    await page.getByLabel('Headline').fill('Four policemen martyred in Bannu check post attack');
    await page.getByRole('button', { name: 'Draft incidents' }).click();
    const draft = page.locator('article.draft').first();
    await draft.waitFor();
    expect(await page.locator('.drafts h2').first().textContent()).toBe('1 incident drafted');
    expect(await draft.getByLabel('District').inputValue()).toBe('Bannu');
    expect(await draft.getByLabel('Province').inputValue()).toBe('Khyber Pakhtunkhwa');
    expect(await draft.getByLabel('Best estimate').first().inputValue()).toBe('4');
    const date = await draft.getByLabel('Date', { exact: true }).inputValue();
    expect(date < daysAgo(0) && date >= daysAgo(8)).toBe(true);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.locator('.drafts').scrollIntoViewIfNeeded();
    await screenshot(page, 'incident-draft', 'en');
    await draft.getByLabel('Perpetrator').fill('Hafiz Gul Bahadur group');
    await draft.getByLabel('Source reliability').selectOption('B');
    await draft.getByLabel('Information credibility').selectOption('2');
    await draft.getByRole('button', { name: 'Confirm and record' }).click();
    await draft.getByRole('link', { name: 'Open the incident' }).waitFor();

    // The list, filtered as the analyst would, the filters kept in the address.
    await page.getByRole('link', { name: 'Incidents', exact: true }).first().click();
    const filters = page.getByRole('search');
    await filters.getByLabel('From').fill(date);
    await filters.getByLabel('To').fill(date);
    await filters.getByLabel('District').fill('Bannu');
    await filters.getByLabel('Type').selectOption('armed_assault');
    await filters.getByLabel('Group (either side)').fill('Hafiz Gul Bahadur group');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.locator('table.incident-table tbody tr').count()).toBe(1);
    listPath = new URL(page.url()).pathname + new URL(page.url()).search;
    expect(listPath).toContain('district=Bannu');
    expect(listPath).toContain('perpetrator=Hafiz');
    const row = page.locator('table.incident-table tbody tr');
    expect(await row.locator('td').nth(3).textContent()).toBe('4');
    expect(await row.locator('td').nth(4).textContent()).toBe('7');
    const csvLink = await page.getByRole('link', { name: 'CSV', exact: true }).getAttribute('href');
    expect(csvLink).toContain('/api/v1/incidents.csv?');
    expect(csvLink).toContain('district=Bannu');
    const exported = await page.request.get(csvLink!);
    expect((await exported.text()).trim().split('\n')).toHaveLength(2);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'incidents-list', 'en');

    // The detail: every field, and the analyst's party's account with its graded source.
    await row.locator('a').first().click();
    await page.locator('.incident-detail').waitFor();
    detailPath = new URL(page.url()).pathname;
    const account = page.locator('article.account');
    expect(await account.count()).toBe(1);
    expect(await account.locator('h3').textContent()).toBe('Your party');
    expect(await account.textContent()).toContain('Hafiz Gul Bahadur group');
    expect(await account.textContent()).toContain('graded B2');
    expect(await page.locator('.incident-fields').textContent()).toContain('Bannu, Khyber Pakhtunkhwa');
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'incident-detail', 'en');

    // The map: the two imported incidents and the drafted one are drawn (all have a location).
    expect(await mapIncidentCount(page)).toBe(before + 3);

    // The period report of that day in Bannu counts the drafted incident and its dead.
    await page.goto(`/reports?from=${date}&to=${date}&district=Bannu`);
    const figure = (name: string) => page.locator(`[data-figure=headline-${name}] .figure-value`);
    await expect.poll(() => figure('incidents').textContent(), { timeout: 30_000 }).toBe('1');
    expect(await figure('killed').textContent()).toBe('4');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a refused field is shown beside it, in the form the API checked', async () => {
    const { page, context } = await newPage(demo.browser, demo.server);
    await signIn(page, demo.server, 'ssd-analyst');
    await page.goto('/incidents/new');
    const form = page.locator('.incident-form');
    await form.getByLabel('Date', { exact: true }).fill(daysAgo(1));
    await form.getByLabel('Low').first().fill('9');
    await form.getByLabel('High').first().fill('3');
    await form.getByRole('button', { name: 'Record the incident' }).click();
    await expect.poll(() => form.locator('.field-invalid').count()).toBeGreaterThan(0);
    expect(await form.locator('.field-invalid .field-error').first().textContent()).toBe('low exceeds high');
    expect(await form.locator('.field-invalid input').first().getAttribute('name')).toBe('killed.low');
    await context.close();
  });

  for (const language of ['zh', 'ur'] as const satisfies Language[]) {
    it(`shows the incidents screens in ${language}`, async () => {
      const { page, problems, context } = await newPage(demo.browser, demo.server, { language });
      await signIn(page, demo.server, 'ssd-analyst');
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(language === 'ur' ? 'rtl' : 'ltr');
      await page.goto(listPath);
      await expect.poll(() => page.locator('table.incident-table tbody tr').count()).toBe(1);
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, 'incidents-list', language);
      await page.goto(detailPath);
      await page.locator('article.account').waitFor();
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, 'incident-detail', language);
      await page.goto('/incidents/import');
      await chooseCsv(page);
      expect(await accessibilityProblems(page)).toEqual([]);
      await screenshot(page, 'incident-import', language);
      await page.goto('/incidents/draft');
      await page.locator('.incident-draft textarea').fill(article);
      await page.locator('.incident-draft form button[type=submit]').click();
      await page.locator('article.draft').waitFor();
      expect(await accessibilityProblems(page)).toEqual([]);
      await page.locator('.drafts').scrollIntoViewIfNeeded();
      await screenshot(page, 'incident-draft', language);
      if (language === 'ur') {
        // 360 px wide, mirrored: nothing scrolls sideways; a wide table scrolls inside its frame.
        await page.setViewportSize({ width: 360, height: 740 });
        for (const path of [listPath, detailPath, '/incidents/new']) {
          await page.goto(path);
          await page.locator('.incidents .panel').waitFor();
          expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(
            360,
          );
        }
      }
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
