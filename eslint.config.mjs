// ESLint: typescript-eslint's type-checked rules over src, test and bench (the same files
// `npm run typecheck` covers), and the import boundary between the generic pipeline and the rule
// families. Run by `npm run lint` (part of `npm test`), zero warnings allowed.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// --- Import boundary -------------------------------------------------------------------------
// The rule families, and the composition root that lists them. Generic code reaches families
// only through the FamilyRegistry (src/rules/family-registry.ts), never by importing them.
const FAMILY_FOLDERS = ['quality-premium', 'authorisation', 'intervention', 'reconfiguration', 'barrier-escalation'];
const COMPOSITION_ROOT = 'families';
// The only places outside the family folders that may import a family or src/families.ts.
const MAY_IMPORT_FAMILIES = ['src/app.module.ts', 'src/families.ts', 'src/cli.ts', 'src/cli/**', 'src/demo/**', 'src/main.ts', 'src/bootstrap.ts'];
const FAMILY_CODE = FAMILY_FOLDERS.map((folder) => `src/${folder}/**`);

/** Everything else under src is generic, whatever folder it sits in (a new folder is generic until
 *  it is added above). no-restricted-imports sees the import's text, not the file it resolves to,
 *  so the pattern is written per folder depth: from src/<a>/<b>/x.ts, `../../quality-premium/…`
 *  reaches src/quality-premium, while `../quality-premium/…` would not. */
function importBoundary(depth) {
  const toSrc = depth === 0 ? '\\./' : '(?:\\.\\./){' + depth + '}';
  const family = `^${toSrc}(?:${FAMILY_FOLDERS.join('|')})(?:/|$)`;
  const root = `^${toSrc}${COMPOSITION_ROOT}(?:\\.[cm]?[jt]s)?$`;
  const demo = `^${toSrc}demo(?:/|$)`;
  // esquery (the selector language) ends a /regex/ at the first slash: escape them there.
  const inSelector = `${family}|${root}`.replaceAll('/', '\\/');
  const message =
    'Generic code must not import a rule family or the composition root (src/families.ts): inject FamilyRegistry instead. ' +
    'Only the composition root, the CLI, the demo, main/bootstrap and tests may import families.';
  return {
    name: `ccg/import-boundary/depth-${depth}`,
    files: [`src/${'*/'.repeat(depth)}*.ts`],
    ignores: [...FAMILY_CODE, ...MAY_IMPORT_FAMILIES, 'src/generated/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: family, message },
            { regex: root, message },
            { regex: demo, message: DEMO_MESSAGE },
          ],
        },
      ],
      // The same boundary for `await import('…')` and `typeof import('…')`.
      'no-restricted-syntax': [
        'error',
        { selector: `ImportExpression > Literal.source[value=/${inSelector}/]`, message },
        { selector: `TSImportType Literal[value=/${inSelector}/]`, message },
      ],
    },
  };
}

// The demo (simulations, samples, the `demo` command) depends on the domain, never the reverse:
// only the CLI entry and the demo itself import src/demo.
const DEMO_MESSAGE = 'Only src/cli.ts and src/demo may import the demo: domain and pipeline code must not depend on it.';
function demoBoundary(depth) {
  const toSrc = depth === 0 ? '\\./' : '(?:\\.\\./){' + depth + '}';
  const files =
    depth === 0
      ? ['src/app.module.ts', 'src/families.ts', 'src/main.ts', 'src/bootstrap.ts']
      : [...FAMILY_FOLDERS.map((f) => `src/${f}/${'*/'.repeat(depth - 1)}*.ts`), `src/cli/${'*/'.repeat(depth - 1)}*.ts`];
  return {
    name: `ccg/demo-boundary/depth-${depth}`,
    files,
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: `^${toSrc}demo(?:/|$)`, message: DEMO_MESSAGE }] }] },
  };
}

export default defineConfig(
  {
    ignores: ['dist/**', 'src/generated/**', 'node_modules/**', 'coverage/**', '.data/**', 'test-artifacts/**'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // The console's browser script.
  {
    files: ['templates/console/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'script' },
  },

  // Plain JavaScript (jest.config.js, this file, test/support/*.cjs): ESLint's recommended rules.
  {
    files: ['**/*.{js,cjs,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },

  // TypeScript with type information from tsconfig.json (src, test, bench, prisma.config.ts).
  {
    files: ['**/*.ts'],
    // recommendedTypeChecked, not strictTypeChecked: measured on this code, strict adds about 500
    // reports that are mostly style (numbers in template strings, `!`, void-returning arrows, Nest's
    // decorated empty module classes), and its no-unnecessary-condition would ask to delete the
    // guards on indexed access that tsconfig (no noUncheckedIndexedAccess) does not type as
    // possibly undefined. The strict rules worth having are added one by one below.
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The rules this configuration exists for: keep them errors whatever the preset says.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // From strict: a deprecated API (zod 4's `message`, `z.string().url()`) is found at upgrade time, not
      // when it is removed.
      '@typescript-eslint/no-deprecated': 'error',
      // A leading underscore marks a parameter or binding kept on purpose (an interface's argument,
      // a property taken out of an object by destructuring).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },

  // Tests: supertest's `res.body` and Jest's asymmetric matchers (`expect.any(String)`) are `any`
  // by those libraries' design, so the no-unsafe-* rules report nearly every assertion, and the
  // fix (an `as` cast per response) would be an unchecked assertion, not a check. Tests still may
  // not write `any` themselves (no-explicit-any), and promise rules stay on.
  {
    files: ['test/**/*.ts', '**/*.spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Stubs and polling checks are written `async` to fit a promise-returning signature.
      '@typescript-eslint/require-await': 'off',
    },
  },

  // src/<file>.ts down to src/a/b/c/d/e/<file>.ts.
  ...[0, 1, 2, 3, 4, 5].map(importBoundary),
  ...[0, 1, 2, 3, 4, 5].map(demoBoundary),
);
