import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestApp } from './helpers/use-test-app.js';
import { exampleAgreement, putAgreementInForce } from './helpers/agreement.js';
import { jsmsEnv, runJsms } from './helpers/cli.js';

describe('jsms agreement', () => {
  const t = useTestApp({
    setup: async () => {
      await putAgreementInForce(t);
      env = jsmsEnv(t.database);
    },
  });
  let env: NodeJS.ProcessEnv;

  // A dozen `jsms` processes in turn, each loading the services.
  it('proposes, co-signs, lists, shows and diffs versions', () => {
    const file = path.join(t.database.dataDir, 'v2.yaml');
    writeFileSync(
      file,
      exampleAgreement
        .replace('locationHistoryDays: 30', 'locationHistoryDays: 14')
        .replace('passportNumber: { when: [clearance] }', 'passportNumber: never'),
    );
    expect(runJsms(['agreement', 'propose', file, '--user', 'ssd-coordinator'], env)).toMatchObject({
      status: 3,
      stderr: 'jsms: forbidden: ssd-coordinator is not an active admin\n',
    });
    const proposed = runJsms(['agreement', 'propose', file, '--user', 'ssd-admin'], env);
    expect(proposed.stdout).toMatch(/^proposed v2 \([0-9a-f]{64}\); awaiting ssd, cso\n$/);
    expect(runJsms(['agreement', 'sign', '2', '--user', 'ssd-admin'], env).stdout).toBe(
      'signed v2; awaiting cso\n',
    );
    expect(runJsms(['agreement', 'sign', '2', '--user', 'ssd-admin'], env)).toMatchObject({ status: 5 });
    expect(runJsms(['agreement', 'show'], env).stdout).toBe(exampleAgreement);
    expect(runJsms(['agreement', 'sign', '2', '--user', 'cso-admin'], env).stdout).toBe('v2 is in force\n');
    const list = runJsms(['agreement', 'list'], env).stdout.split('\n');
    expect(list[0]).toMatch(/^v2\tin_force\tsigned by ssd, cso\t/);
    // v1 was signed by both at one instant of the test clock: either order.
    expect(list[1]).toMatch(/^v1\tsuperseded\tsigned by (ssd, cso|cso, ssd)\t/);
    expect(runJsms(['agreement', 'diff', '1', '2'], env).stdout).toBe(
      [
        'retention.locationHistoryDays: 30 -> 14',
        'sharing.partnerToHost.person.fields.passportNumber: {"when":["clearance"]} -> "never"',
        '',
      ].join('\n'),
    );
    expect(runJsms(['agreement', 'diff', '1', 'x'], env)).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/field b/),
    });
    expect(runJsms(['agreement', 'show', '9'], env)).toMatchObject({
      status: 4,
      stderr: 'jsms: agreement_not_found: Agreement version not found\n',
    });
  }, 120_000);
});
