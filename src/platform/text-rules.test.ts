import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { personPayload } from '../../test/helpers/registry.js';
import { expectError, postJsonText, rowCount } from '../../test/helpers/routes.js';
import { firstForbiddenString, forbiddenCharacter, nameText } from './text-rules.js';

describe('forbiddenCharacter', () => {
  it.each([
    ['Li\u0000Wei', /NUL/],
    ['Li\u0007Wei', /control character/],
    ['Li\u0085Wei', /control character/],
    ['\u202Egpj.exe', /bidirectional/],
    ['Li \u2067Wei\u2069', /bidirectional/],
  ])('refuses %j in any text', (text, why) => {
    expect(forbiddenCharacter(text, 'text')).toMatch(why);
    expect(forbiddenCharacter(text, 'name')).toMatch(why);
  });

  it('keeps line breaks and tabs in free text, not in names', () => {
    expect(forbiddenCharacter('line one\nline two\tend', 'text')).toBeUndefined();
    expect(forbiddenCharacter('Li\nWei', 'name')).toMatch(/line break/);
  });

  it.each(['Li\u200BWei', '\uFEFFLi Wei', 'Li\u2060Wei', 'Li\u200EWei', '\u200CLi'])(
    'refuses %j in a name',
    (text) => {
      expect(forbiddenCharacter(text, 'name')).toBeDefined();
    },
  );

  it('keeps the joiners Urdu and Persian names need between letters, and plain scripts', () => {
    for (const name of ['می\u200Cرود', 'क्\u200Dष', '王伟', 'Muhammad Ali Khan', "O'Brien-Zhang"]) {
      expect(forbiddenCharacter(name, 'name'), name).toBeUndefined();
    }
  });

  it('names the character and where it is', () => {
    expect(forbiddenCharacter('ab\u202Ec', 'text')).toBe(
      'contains a bidirectional override or isolate (U+202E) at character 3',
    );
  });

  it('finds the first bad string in a parsed body, keys included', () => {
    expect(firstForbiddenString({ a: 'ok', b: [{ c: 'x\u0000' }] })).toEqual({
      path: ['b', '0', 'c'],
      why: expect.stringMatching(/NUL/),
    });
    expect(firstForbiddenString({ ['k\u202E']: 1 })?.path).toEqual(['k\u202E']);
    expect(firstForbiddenString({ a: 1, b: null, c: ['fine'] })).toBeUndefined();
  });

  it('normalises a name to NFC and trims it', () => {
    expect(nameText(50).parse('  Jose\u0301 ')).toBe('Jos\u00E9');
  });
});

describe('text arriving over HTTP', () => {
  const t = useTestApp();

  const personCount = () => rowCount(t, 'persons');

  it('refuses a body that is not UTF-8 with 400 invalid_encoding, storing nothing', async () => {
    const before = await personCount();
    const json = Buffer.from(JSON.stringify(personPayload({ name: 'Li Wei__' })));
    const at = json.indexOf('__');
    json[at] = 0xff; // a byte no UTF-8 text holds
    json[at + 1] = 0xfe;
    expectError(await postJsonText(t, 'cso:coordinator', '/api/v1/persons', json), 400, 'invalid_encoding');
    expect(await personCount()).toBe(before);
  });

  it.each([
    ['a NUL in a name', { name: 'Li\u0000Wei' }, 'name'],
    ['a bidirectional override in a name', { name: '\u202EieW iL' }, 'name'],
    ['a zero-width space in a name', { name: 'Li\u200BWei' }, 'name'],
    ['a zero-width space in a native name', { nativeName: '李\u200B伟' }, 'nativeName'],
    ['a control character in the employer', { employer: 'CPEC\u0008 Ltd' }, 'employer'],
  ])('refuses %s with 400 naming the field, storing nothing', async (_what, overrides, field) => {
    const before = await personCount();
    const response = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/persons',
      payload: personPayload(overrides),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'validation_failed',
      details: { field, in: 'body' },
    });
    expect(await personCount()).toBe(before);
  });

  it('stores an Urdu name with its joiner and a Chinese native name', async () => {
    const response = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/persons',
      payload: personPayload({ name: 'می\u200Cرود', nativeName: '李伟' }),
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ name: 'می\u200Cرود', nativeName: '李伟' });
  });
});
