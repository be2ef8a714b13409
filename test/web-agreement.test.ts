import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { lineDiff, withContext } from '../web/src/agreement/lineDiff.js';
import { entitySummary } from '../web/src/agreement/sharing.js';

const example = readFileSync(path.join(import.meta.dirname, '..', 'docs', 'agreement.example.yaml'), 'utf8');

describe("the agreement screen's line diff", () => {
  it('keeps common lines and shows a replaced line as removed, then added, numbered in each text', () => {
    expect(lineDiff('a\nb\nc', 'a\nB\nc\nd')).toEqual([
      { op: 'same', text: 'a', oldLine: 1, newLine: 1 },
      { op: 'removed', text: 'b', oldLine: 2 },
      { op: 'added', text: 'B', newLine: 2 },
      { op: 'same', text: 'c', oldLine: 3, newLine: 3 },
      { op: 'added', text: 'd', newLine: 4 },
    ]);
  });

  it('of identical texts is all kept lines, and with context nothing', () => {
    const lines = lineDiff(example, example);
    expect(lines.every((l) => l.op === 'same')).toBe(true);
    expect(withContext(lines)).toEqual([]);
  });

  it('shows a change with three lines around it and marks the gaps between changes', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
    const after = before.replace('line 2\n', 'line two\n').replace('line 18\n', 'line eighteen\n');
    const shown = withContext(lineDiff(before, after));
    expect(shown.map((l) => (l === null ? '…' : `${l.op[0]}${l.text}`))).toEqual([
      'sline 1',
      'rline 2',
      'aline two',
      'sline 3',
      'sline 4',
      'sline 5',
      '…',
      'sline 15',
      'sline 16',
      'sline 17',
      'rline 18',
      'aline eighteen',
      'sline 19',
      'sline 20',
    ]);
  });

  it('finds exactly the edited lines of the demo agreement', () => {
    const edited = example.replace(
      '        weapons: never',
      '        weapons: always\n        baseSiteId: always',
    );
    const changed = lineDiff(example, edited).filter((l) => l.op !== 'same');
    expect(changed.map((l) => [l.op, l.text.trim()])).toEqual([
      ['removed', 'weapons: never'],
      ['added', 'weapons: always'],
      ['added', 'baseSiteId: always'],
    ]);
  });
});

describe("the agreement screen's sharing summary", () => {
  const document = parse(example) as Record<string, unknown>;

  it('reads the field rules and location precision by role of a direction and entity', () => {
    const units = entitySummary(document, 'hostToPartner', 'unit');
    expect(units.records).toBe('all');
    expect(units.fields).toContainEqual({ name: 'weapons', rule: { rule: 'never' } });
    expect(units.fields).toContainEqual({ name: 'strength', rule: { rule: 'always' } });
    expect(units.locationByRole).toEqual([
      { role: 'coordinator', precision: 'area' },
      { role: 'person', precision: 'none' },
    ]);
    expect(units.exactWhen).toEqual(['movement', 'sos']);
  });

  it('names conditions, including a risk level', () => {
    const persons = entitySummary(document, 'partnerToHost', 'person');
    expect(persons.fields).toContainEqual({
      name: 'bloodGroup',
      rule: { rule: 'when', conditions: ['movement', 'sos'] },
    });
    expect(persons.exactWhen).toEqual(['movement', 'sos', 'riskLevelAtLeast:5']);
  });

  it('says nothing is shared where the records are not, or the direction is missing', () => {
    expect(entitySummary(document, 'hostToPartner', 'person')).toEqual({
      records: 'none',
      fields: [],
      locationByRole: [],
      exactWhen: [],
    });
    expect(entitySummary({}, 'partnerToPartner', 'site').records).toBe('none');
  });
});
