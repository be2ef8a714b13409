import type { Page } from 'playwright-core';

/** A movement request as the form takes it, in the words its labels use. */
export interface RequestOnForm {
  purpose: string;
  /** Site names as the origin and destination lists show them. */
  origin: string;
  destination: string;
  /** "lat, lon", one a waypoint. */
  waypoints: readonly string[];
  departure: Date;
  arrival: Date;
  checkpoint: { name: string; lat: string; lon: string; at: Date };
  vehicle: string;
  armoured: boolean;
  /** The passengers: two persons from this position in the form's list (a person on another movement at that time cannot travel). */
  firstPassenger: number;
}

/** The form's field for an API field path, whatever the language. */
export const fieldFor = (page: Page, path: string) => page.locator(`[id$="-${path}"]`);

/** An instant as a datetime-local field takes it: the browser's (and this process's) own time zone. */
export function localInput(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** Fills the request form without reading a label, so it serves every language; waits for the live assessment. */
export async function fillRequest(page: Page, request: RequestOnForm) {
  await fieldFor(page, 'purpose').fill(request.purpose);
  const people = page.locator('.passenger-choices input[type=checkbox]');
  await people.first().waitFor();
  await people.nth(request.firstPassenger).check();
  await people.nth(request.firstPassenger + 1).check();
  await fieldFor(page, 'origin').selectOption({ label: request.origin });
  await fieldFor(page, 'destination').selectOption({ label: request.destination });
  await page.locator('textarea[name=route]').fill(request.waypoints.join('\n'));
  await fieldFor(page, 'plannedDeparture').fill(localInput(request.departure));
  await fieldFor(page, 'plannedArrival').fill(localInput(request.arrival));
  await page.locator('.add-checkpoint').click();
  await fieldFor(page, 'checkpoints.0.name').fill(request.checkpoint.name);
  await fieldFor(page, 'checkpoints.0.lat').fill(request.checkpoint.lat);
  await fieldFor(page, 'checkpoints.0.lon').fill(request.checkpoint.lon);
  await fieldFor(page, 'checkpoints.0.plannedAt').fill(localInput(request.checkpoint.at));
  await fieldFor(page, 'vehicles.0.label').fill(request.vehicle);
  if (request.armoured) await page.locator('.movement-form label.check input').first().check();
  // The live assessment answers once the request is complete.
  await page.locator('.live-assessment .assessment').waitFor({ timeout: 30_000 });
  await page.evaluate(() => scrollTo(0, 0));
}
