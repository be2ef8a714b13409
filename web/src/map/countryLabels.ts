/**
 * The countries the operations map names: Pakistan, its neighbours, and the countries beyond them
 * that a view of the deployment's region can reach (Central Asia, Nepal, Oman). Keyed by
 * world-atlas's ISO 3166-1 numeric id, with the alpha-2 code that `Intl.DisplayNames` names in the
 * viewer's language. Each point is hand-picked inside the country and, for the large countries
 * (India, Iran, China), on the side facing Pakistan: their centroids lie far outside the home view.
 * Kashmir is deliberately not named.
 */
export const countryLabels: readonly { id: string; code: string; at: [number, number] }[] = [
  { id: '586', code: 'PK', at: [69.4, 29.6] },
  { id: '004', code: 'AF', at: [65.6, 33.6] },
  { id: '356', code: 'IN', at: [75.9, 26.2] },
  { id: '364', code: 'IR', at: [58.6, 30.9] },
  { id: '156', code: 'CN', at: [79.8, 38.6] },
  { id: '762', code: 'TJ', at: [70.8, 38.7] },
  { id: '795', code: 'TM', at: [59.2, 39.0] },
  { id: '860', code: 'UZ', at: [64.3, 41.4] },
  { id: '417', code: 'KG', at: [74.6, 41.4] },
  { id: '524', code: 'NP', at: [84.0, 28.3] },
  { id: '512', code: 'OM', at: [56.9, 20.9] },
];

/** Each labelled country's name in `locale`, from the browser's own data (no strings of ours). */
export function countryNames(locale: string): { code: string; at: [number, number]; name: string }[] {
  const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
  return countryLabels.map(({ code, at }) => ({ code, at, name: names.of(code) ?? code }));
}
