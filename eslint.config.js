import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import runnel from './scripts/eslint/module-boundaries.js';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'runnel-data/**', '**/.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Count every line: a file past 350 is doing more than one job (STYLE.md: split past ~400).
    files: ['**/*.ts', '**/*.tsx'],
    rules: { 'max-lines': ['error', { max: 350, skipBlankLines: false, skipComments: false }] },
  },
  {
    // A module owns its tables: others call its service, never its repository.ts or tables.ts.
    // db/ is exempt for tables.ts: db/schema.ts composes the Kysely Database type from each
    // module's table declarations (one typed Db for all queries); that is how the schema is
    // built, and db/ runs no queries of its own.
    files: ['packages/server/src/**/*.ts'],
    plugins: { runnel },
    rules: { 'runnel/module-boundaries': ['error', { allow: ['db:tables'] }] },
  },
  {
    files: ['packages/web/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
