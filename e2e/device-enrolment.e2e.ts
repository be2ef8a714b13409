import jsQRModule from 'jsqr';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accessibilityProblems, newPage, screenshot, signIn, type Language } from './helpers/browser.js';
import { useDemo } from './helpers/demo.js';

// jsqr is CommonJS whose types declare an ES default export: under NodeNext the function is `.default`.
const jsQR = jsQRModule.default;

const demo = useDemo();

/** Registers a device for the first of the partner's persons (the protected), through the form, in any language. */
async function registerDevice(page: Page, name: string): Promise<Locator> {
  await page.goto('/admin/devices');
  const form = page.locator('form', { has: page.locator('select[name=subjectId]') });
  await form.locator('select[name=subjectType]').selectOption('person');
  const person = form.locator('select[name=subjectId] option').nth(1);
  await person.waitFor({ state: 'attached' });
  await form.locator('select[name=subjectId]').selectOption((await person.getAttribute('value'))!);
  await form.locator('input[name=name]').fill(name);
  await form.locator('button[type=submit]').click();
  const shown = page.locator('.shown-once');
  await shown.locator('[data-secret]').waitFor();
  return shown;
}

/** What a phone's camera reads from a QR code on the screen: the image's pixels, decoded. */
async function scan(image: Locator): Promise<string | undefined> {
  const pixels = await image.evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(img, 0, 0);
    const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
    return { data: Array.from(data), width, height };
  });
  return jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height)?.data;
}

/** The configuration in an OwnTracks link, decoded as the app does: URL-decode, then base64. */
function ownTracksConfiguration(link: string): Record<string, unknown> {
  const inline = new URL(link).searchParams.get('inline')!;
  return JSON.parse(Buffer.from(inline, 'base64').toString('utf8')) as Record<string, unknown>;
}

describe('enrolling a tracking device', () => {
  it('an admin registers a device and sees the codes that set up OwnTracks and Traccar Client with its token', async () => {
    const { page, problems, context } = await newPage(demo.browser, demo.server);
    await signIn(page, demo.server, 'cso-admin');
    const shown = await registerDevice(page, 'e2e-enrol-phone');
    await expect.poll(() => shown.getAttribute('aria-label')).toBe('Device token of e2e-enrol-phone');
    const token = (await shown.locator('[data-secret]').textContent())!;
    expect(token).toMatch(/^jsd_\S{20,}$/);

    const enrolment = shown.getByRole('region', { name: 'Set up the phone' });
    const ownTracks = enrolment.getByRole('article', { name: 'OwnTracks' });
    const traccar = enrolment.getByRole('article', { name: 'Traccar Client' });
    const ownTracksQr = ownTracks.getByRole('img', {
      name: 'QR code that sets up OwnTracks on the phone of e2e-enrol-phone',
    });
    const traccarQr = traccar.getByRole('img', {
      name: 'QR code that sets up Traccar Client on the phone of e2e-enrol-phone',
    });
    await ownTracksQr.waitFor();
    await traccarQr.waitFor();

    // OwnTracks: HTTP mode to this server's ingest, the token as the Basic password.
    const ownTracksLink = await ownTracks.getByRole('textbox', { name: 'OwnTracks link' }).inputValue();
    expect(ownTracksLink).toMatch(/^owntracks:\/\/\/config\?inline=[A-Za-z0-9%]+$/);
    expect(ownTracksConfiguration(ownTracksLink)).toMatchObject({
      _type: 'configuration',
      mode: 3,
      url: `${demo.server.url}/ingest/owntracks`,
      auth: true,
      usePassword: true,
      username: 'e2e-enrol-phone',
      password: token,
      deviceId: 'e2e-enrol-phone',
      tid: expect.stringMatching(/^[A-Z0-9]{2}$/),
      monitoring: 2,
      cmd: true,
    });
    expect(await ownTracks.getByRole('link').getAttribute('href')).toBe(ownTracksLink);

    // Traccar Client: its scheme, the OsmAnd ingest, and the token as the device identifier.
    const traccarLink = await traccar.getByRole('textbox', { name: 'Traccar Client link' }).inputValue();
    const traccarUrl = new URL(traccarLink);
    expect(traccarUrl.protocol).toBe('org.traccar.client:');
    expect(traccarUrl.searchParams.get('url')).toBe(`${demo.server.url}/ingest/osmand`);
    expect(traccarUrl.searchParams.get('id')).toBe(token);
    expect(await traccar.locator('dd').allTextContents()).toEqual([
      `${demo.server.url}/ingest/osmand`,
      token,
    ]);

    // Each code on the screen scans to exactly the link shown under it.
    expect(await scan(ownTracksQr)).toBe(ownTracksLink);
    expect(await scan(traccarQr)).toBe(traccarLink);

    expect(await accessibilityProblems(page)).toEqual([]);
    await enrolment.scrollIntoViewIfNeeded();
    await screenshot(page, 'device-enrolment', 'en');

    // 360 px wide: the codes shrink to the card, and the page does not scroll sideways.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect((await ownTracksQr.boundingBox())!.width).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1280, height: 800 });

    // Done: the token and the codes that carry it are gone for good.
    await shown.getByRole('button', { name: 'Done' }).click();
    expect(await page.locator('.shown-once').count()).toBe(0);
    expect(await page.locator('img.qr').count()).toBe(0);
    await page.locator('tr[data-device="e2e-enrol-phone"]').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  for (const language of ['zh', 'ur'] as Language[]) {
    it(`the same in ${language}, the links left to right in a right-to-left page`, async () => {
      const { page, problems, context } = await newPage(demo.browser, demo.server, { language });
      await signIn(page, demo.server, 'cso-admin');
      await expect
        .poll(() => page.evaluate(() => document.documentElement.dir))
        .toBe(language === 'ur' ? 'rtl' : 'ltr');
      const shown = await registerDevice(page, `e2e-enrol-${language}`);
      const images = shown.locator('.enrolment-app img.qr');
      await expect.poll(() => images.count()).toBe(2);
      for (const alt of await images.evaluateAll((all) => all.map((i) => i.getAttribute('alt')))) {
        expect(alt).toContain(`e2e-enrol-${language}`);
        expect(alt).not.toMatch(/^QR code that/);
      }
      const links = shown.locator('textarea[data-link]');
      expect(await links.evaluateAll((all) => all.map((l) => getComputedStyle(l).direction))).toEqual([
        'ltr',
        'ltr',
      ]);
      const token = (await shown.locator('[data-secret]').textContent())!;
      const ownTracksLink = await shown.locator('textarea[data-link=owntracks]').inputValue();
      expect(ownTracksConfiguration(ownTracksLink).password).toBe(token);
      expect(await scan(images.first())).toBe(ownTracksLink);
      expect(await accessibilityProblems(page)).toEqual([]);
      await shown.locator('.enrolment').scrollIntoViewIfNeeded();
      await screenshot(page, 'device-enrolment', language);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
