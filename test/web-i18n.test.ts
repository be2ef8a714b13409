import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { roles } from '../src/access/actor.js';
import { unitKinds } from '../src/agreement/agreement.schema.js';
import { incidentStatuses, incidentTypes } from '../src/incidents/incident.js';
import { movementStates } from '../src/movements/movement.js';
import { errorCodes } from '../src/platform/errors.js';
import { siteKinds, unitStatuses } from '../src/registry/registry.js';

const web = path.join(import.meta.dirname, '..', 'web', 'src');
const languages = ['en', 'zh', 'ur'] as const;
type Messages = { [key: string]: string | Messages };

const flatten = (messages: Messages, prefix = ''): Map<string, string> =>
  new Map(
    Object.entries(messages).flatMap(([key, value]) =>
      typeof value === 'string' ? [[prefix + key, value]] : [...flatten(value, `${prefix}${key}.`)],
    ),
  );
/** A language's messages: `i18n/en/map.json` holds the keys under `map.`. */
const messagesOf = (language: string): Messages =>
  Object.fromEntries(
    readdirSync(path.join(web, 'i18n', language)).map((file) => [
      file.replace(/\.json$/, ''),
      JSON.parse(readFileSync(path.join(web, 'i18n', language, file), 'utf8')) as Messages,
    ]),
  );
const catalogue = Object.fromEntries(
  languages.map((language) => [language, flatten(messagesOf(language))]),
) as Record<(typeof languages)[number], Map<string, string>>;

const pluralSuffix = /_(zero|one|two|few|many|other)$/;
const baseKeys = (messages: Map<string, string>) =>
  new Set([...messages.keys()].map((k) => k.replace(pluralSuffix, '')));

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield full;
  }
}

describe('the web app in English, Chinese and Urdu', () => {
  it('has every key in every language, with the plural forms each language needs', () => {
    const english = baseKeys(catalogue.en);
    for (const language of languages) {
      expect([...baseKeys(catalogue[language])].sort(), language).toEqual([...english].sort());
      const plurals = [...catalogue.en.keys()].filter((k) => k.endsWith('_other'));
      const forms = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      for (const key of plurals) {
        for (const form of forms) {
          expect(
            catalogue[language].has(key.replace(/_other$/, `_${form}`)),
            `${language}: ${key} ${form}`,
          ).toBe(true);
        }
      }
      for (const [key, text] of catalogue[language]) expect(text.trim(), `${language}: ${key}`).not.toBe('');
    }
  });

  it('translates every error code the API can answer, and every value it shows', () => {
    const needed = [
      ...Object.keys(errorCodes).map((code) => `errors.${code}`),
      ...roles.map((role) => `roles.${role}`),
      ...siteKinds.map((kind) => `enums.siteKind.${kind}`),
      ...unitKinds.map((kind) => `enums.unitKind.${kind}`),
      ...unitStatuses.map((status) => `enums.unitStatus.${status}`),
      ...incidentTypes.map((type) => `enums.incidentType.${type}`),
      ...incidentStatuses.map((status) => `enums.incidentStatus.${status}`),
      ...movementStates.map((state) => `enums.movementState.${state}`),
    ];
    const missing = needed.filter((key) => !catalogue.en.has(key));
    expect(missing).toEqual([]);
  });

  it('has no text in the screens outside the translation files, and no key the files lack', () => {
    const namespaces = new Set([...catalogue.en.keys()].map((k) => k.split('.')[0]!));
    const problems: string[] = [];
    const labelAttributes = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label', 'aria-valuetext']);
    for (const file of sourceFiles(web)) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const where = (node: ts.Node) =>
        `${path.relative(web, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      const visit = (node: ts.Node) => {
        if (ts.isJsxText(node) && /\p{L}/u.test(node.text))
          problems.push(`${where(node)} text "${node.text.trim()}"`);
        if (
          ts.isJsxAttribute(node) &&
          labelAttributes.has(node.name.getText()) &&
          node.initializer &&
          ts.isStringLiteral(node.initializer)
        ) {
          problems.push(`${where(node)} ${node.name.getText()}="${node.initializer.text}"`);
        }
        // A string that looks like a key of ours ("legend.title") must be one.
        if (
          (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
          /^[a-z]\w*(\.\w+)+$/i.test(node.text) &&
          namespaces.has(node.text.split('.')[0]!) &&
          !ts.isImportDeclaration(node.parent) &&
          !baseKeys(catalogue.en).has(node.text) &&
          ![...catalogue.en.keys()].some((k) => k.startsWith(node.text + '.'))
        ) {
          problems.push(`${where(node)} key "${node.text}" is in no translation file`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(problems).toEqual([]);
  });
});
