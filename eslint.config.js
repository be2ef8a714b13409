// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const tests = ['**/*.test.ts'];

/** Refuses relative imports that match `regex`, with the house rule they break. */
const restrictImports = (regex, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ regex, message }] }],
});

const otherRepository =
  "A capability reads and writes another capability's data through that capability's service, not its repository";
const platformLeak = 'src/platform/ knows no domain: it imports nothing outside src/platform/';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'data/',
      'node_modules/',
      'coverage/',
      'docs/openapi.json',
      'web/dist/',
      'web/src/api/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  // The web app runs in the browser, and reaches the server only through the API (and the pure
  // permission table it shares).
  { files: ['web/src/**/*.{ts,tsx}'], languageOptions: { globals: globals.browser } },
  // Roles by file name (CONVENTIONS.md): services and routes call repositories, never SQL.
  {
    files: ['src/**/*.service.ts', 'src/**/*.routes.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression > MemberExpression.callee[property.name=/^(selectFrom|insertInto|updateTable|deleteFrom)$/]',
          message: 'SQL lives in a repository (x.repository.ts); call it from here',
        },
      ],
    },
  },
  {
    files: ['src/*/*.ts'],
    ignores: ['src/platform/**', ...tests],
    rules: restrictImports('^\\.\\./[^/]+/.*\\.repository\\.js$', otherRepository),
  },
  {
    files: ['src/*/*/*.ts'],
    ignores: ['src/platform/**', ...tests],
    rules: restrictImports('^\\.\\./\\.\\./[^/]+/.*\\.repository\\.js$', otherRepository),
  },
  { files: ['src/platform/*.ts'], ignores: tests, rules: restrictImports('^\\.\\./', platformLeak) },
  { files: ['src/platform/*/*.ts'], ignores: tests, rules: restrictImports('^\\.\\./\\.\\./', platformLeak) },
);
