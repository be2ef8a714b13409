/* eslint-disable @typescript-eslint/no-explicit-any -- mutating parsed documents in tests */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseAgreement } from './agreement.schema.js';

const text = readFileSync(new URL('../../docs/agreement.example.yaml', import.meta.url), 'utf8');

function fieldOfError(mutate: (doc: Record<string, any>) => void): unknown {
  const doc = parseAgreement(text) as unknown as Record<string, any>;
  mutate(doc);
  try {
    parseAgreement(stringify(doc));
  } catch (error) {
    return (error as { code: string; details: { field: string } }).details.field;
  }
  return 'accepted';
}

describe('parseAgreement', () => {
  it('reads the shipped example, YAML or the same as JSON', () => {
    const doc = parseAgreement(text);
    expect(doc.parties).toEqual({ host: 'ssd', partners: ['cso'] });
    expect(doc.protection.map((p) => p.level)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parseAgreement(JSON.stringify(doc))).toEqual(doc);
  });

  it.each([
    [
      'protection out of order',
      (d: any) => ([d.protection[0], d.protection[1]] = [d.protection[1], d.protection[0]]),
      'source.protection.0.level',
    ],
    [
      'a forbidden level without exemption signers',
      (d: any) => (d.protection[5].exemptionApprovals = []),
      'source.protection.5.exemptionApprovals',
    ],
    [
      'an unknown unit provider',
      (d: any) => (d.unitKinds.liaison.providers = ['embassy']),
      'source.unitKinds.liaison.providers.0',
    ],
    [
      'an unknown sharing condition',
      (d: any) => (d.sharing.partnerToHost.person.fields.phone = { when: ['always'] }),
      'source.sharing.partnerToHost.person.fields.phone',
    ],
    [
      'an unknown location precision',
      (d: any) => (d.sharing.partnerToHost.person.location.byRole.admin = 'city'),
      'source.sharing.partnerToHost.person.location.byRole.admin',
    ],
    [
      'a bad time of day',
      (d: any) => (d.protection[3].allowedHours.from = '6am'),
      'source.protection.3.allowedHours.from',
    ],
    ['five protection levels', (d: any) => d.protection.pop(), 'source.protection'],
    ['the host as a partner', (d: any) => d.parties.partners.push('ssd'), 'source.parties.partners'],
    ['no retention', (d: any) => delete d.retention, 'source.retention'],
    [
      'a zero approval time-out',
      (d: any) => (d.movements.approvalTimeoutHours = 0),
      'source.movements.approvalTimeoutHours',
    ],
    [
      'an approval time-out over a week',
      (d: any) => (d.movements.approvalTimeoutHours = 169),
      'source.movements.approvalTimeoutHours',
    ],
    [
      'escalation to protected persons',
      (d: any) => (d.movements.escalateTo = ['admin', 'person']),
      'source.movements.escalateTo.1',
    ],
    ['escalation to no one', (d: any) => (d.movements.escalateTo = []), 'source.movements.escalateTo'],
    [
      'a rule for a field no site has',
      (d: any) => (d.sharing.partnerToHost.site.fields.perimetre = 'always'),
      'source.sharing.partnerToHost.site.fields.perimetre',
    ],
  ])('refuses %s, naming the field', (_name, mutate, field) => {
    expect(fieldOfError(mutate)).toBe(field);
  });

  it('reads the movements clause, and defaults it for a stored agreement written before it', () => {
    expect(parseAgreement(text).movements).toEqual({
      approvalTimeoutHours: 4,
      escalateTo: ['coordinator', 'admin'],
    });
    const doc = parseAgreement(text) as unknown as Record<string, any>;
    delete doc.movements;
    expect(parseAgreement(JSON.stringify(doc)).movements).toEqual({
      approvalTimeoutHours: 4,
      escalateTo: ['coordinator', 'admin'],
    });
    doc.movements = { approvalTimeoutHours: 0.5 };
    expect(parseAgreement(JSON.stringify(doc)).movements).toEqual({
      approvalTimeoutHours: 0.5,
      escalateTo: ['coordinator', 'admin'],
    });
  });

  it('refuses text that is not YAML', () => {
    expect(() => parseAgreement('title: [unclosed')).toThrow(/not valid YAML or JSON/);
  });
});
