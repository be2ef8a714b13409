import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { runJsms } from '../../test/helpers/cli.js';
import { expectError } from '../../test/helpers/routes.js';
import { needsShared } from '../../test/helpers/shared.js';
import { dawnArticle } from '../../test/helpers/dawn-article.js';

const fixture = needsShared(dawnArticle.file);
const sentence =
  'Two policemen were killed and three wounded when gunmen attacked a checkpost in Bannu on Monday.';

describe('POST /api/v1/incidents/extract', () => {
  const t = useTestApp();

  const extract = (who: string | null, payload: unknown) =>
    t.request(who, { method: 'POST', url: '/api/v1/incidents/extract', payload: payload as object });

  it('drafts an incident for the analyst, storing nothing', async () => {
    const res = await extract('ssd:analyst', { text: sentence, published: '2024-11-14', publisher: 'Dawn' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().incidents).toEqual([
      expect.objectContaining({
        date: '2024-11-11',
        datePrecision: 'day',
        place: 'Bannu',
        province: 'Khyber Pakhtunkhwa',
        killed: expect.objectContaining({ best: 2, security: 2 }),
        wounded: expect.objectContaining({ best: 3 }),
        target: 'security_forces',
        sources: [expect.objectContaining({ publisher: 'Dawn', published: '2024-11-14', note: sentence })],
      }),
    ]);
    expect(await t.db.selectFrom('incidents').selectAll().execute()).toEqual([]);
  });

  it('gives drafts that post unchanged: the stored incident and the period report keep the toll', async () => {
    const article = [
      'Four soldiers martyred in Noshki attack',
      'By our correspondent',
      'QUETTA: Four soldiers were martyred and six others injured when militants attacked a convoy in Noshki on Tuesday.',
      'Security forces killed three terrorists in the exchange of fire, the ISPR said.',
      'Officials said two more soldiers later succumbed to their injuries, taking the death toll to six.',
    ].join('\n');
    const drafts = await extract('ssd:analyst', {
      text: article,
      published: '2024-11-14',
      publisher: 'Dawn',
    });
    expect(drafts.statusCode, drafts.body).toBe(200);
    const [draft, ...others] = drafts.json().incidents;
    expect(others).toEqual([]);
    const created = await t.request('ssd:analyst', {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: draft,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      date: '2024-11-12',
      province: 'Balochistan',
      place: 'Nushki',
      // Six soldiers and the three attackers killed, counted apart as militants.
      killed: { best: 9, security: 4, militants: 3 },
      wounded: { best: 6 },
    });
    const stored = await t.request('ssd:analyst', {
      method: 'GET',
      url: `/api/v1/incidents/${created.json().id}`,
    });
    const note: string = stored.json().accounts[0].body.sources[0].note;
    expect(note.split('\n')).toEqual(draft.sources[0].note.split('\n'));
    expect(note).toContain('taking the death toll to six');
    const report = await t.request('ssd:analyst', {
      method: 'GET',
      url: '/api/v1/reports/period?from=2024-11-01&to=2024-11-30',
    });
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json().totals).toMatchObject({ incidents: 1, killed: 9, wounded: 6 });
  });

  it('refuses a reshaped draft by the field it does not know, instead of dropping its toll', async () => {
    const drafts = await extract('ssd:analyst', { text: sentence, published: '2024-11-14' });
    const draft = drafts.json().incidents[0];
    const reshaped = { ...draft, killed: { total: 2, security: 2 } };
    const before = await t.db.selectFrom('incidents').selectAll().execute();
    expectError(
      await t.request('ssd:analyst', { method: 'POST', url: '/api/v1/incidents', payload: reshaped }),
      400,
      'validation_failed',
      'body.killed.total',
    );
    expect(await t.db.selectFrom('incidents').selectAll().execute()).toEqual(before);
  });

  it.skipIf(fixture.missing)(
    'finds the Karachi airport bombing and the quarter’s figures in the fixture article (needs ../shared)',
    async () => {
      const res = await extract('cso:analyst', {
        text: readFileSync(fixture.path, 'utf8'),
        published: '2024-11-14',
      });
      const { incidents, aggregates } = res.json();
      expect(incidents).toHaveLength(1);
      expect(incidents[0]).toMatchObject({
        date: '2024-10-01',
        datePrecision: 'month',
        type: 'suicide_attack',
        claimed: true,
        killed: { best: 3, foreignNationals: 2 },
      });
      expect(aggregates[0]).toMatchObject(dawnArticle.quarter);
    },
  );

  it('refuses the anonymous, roles that do not record incidents, and a bad date', async () => {
    expectError(await extract(null, { text: sentence, published: '2024-11-14' }), 401, 'unauthenticated');
    expectError(await extract('ssd:observer', { text: sentence, published: '2024-11-14' }), 403, 'forbidden');
    expectError(
      await extract('ssd:analyst', { text: sentence, published: '14/11/2024' }),
      400,
      'validation_failed',
      'body.published',
    );
  });
});

describe.skipIf(fixture.missing)('jsms extract (needs ../shared)', () => {
  it('prints the drafts as JSON, and names a bad date', () => {
    const res = runJsms(['extract', fixture.path, '--published', '2024-11-14']);
    expect(res.status).toBe(0);
    expect(JSON.parse(res.stdout).aggregates[0].killed).toBe(722);
    expect(runJsms(['extract', fixture.path, '--published', 'yesterday'])).toMatchObject({
      status: 2,
      stderr: 'jsms: validation_failed: --published is a date, YYYY-MM-DD (field published)\n',
    });
  });
});
