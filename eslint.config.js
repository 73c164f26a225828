// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import prettierOff from 'eslint-config-prettier/flat';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Import boundaries (docs/DESIGN.md §1):
 *  - `electron` only in electron/main and electron/preload (never core, shared, renderer);
 *  - `ipcRenderer` only in electron/preload (the one narrow, named API);
 *  - no Node built-ins in shared/ and renderer/ (they run in the sandboxed renderer and the browser);
 *  - layers by folder: renderer imports no electron/** code, shared neither electron/** nor renderer/**,
 *    core (electron/core/**) neither electron/main, electron/harness nor the sandbox tenant, and
 *    scripts/ nothing from tests/.
 * Folder rules match the import string: relative paths (`../../electron/core/x`) and bare or aliased
 * ones (`electron/core/x`, `@app/electron/core/x`) alike, in static imports and re-exports (a dynamic
 * `import()` of app code is not checked by folder).
 */
const ELECTRON = {
  paths: [{ name: 'electron', message: 'Only electron/main and electron/preload may import electron.' }],
  patterns: [{ group: ['electron/*'], message: 'Only electron/main and electron/preload may import electron.' }],
};
const IPC_RENDERER_IMPORT = {
  paths: [
    {
      name: 'electron',
      importNames: ['ipcRenderer'],
      message: 'ipcRenderer belongs to electron/preload only; use window.api.',
    },
  ],
  patterns: [],
};
const NODE_BUILTINS = {
  paths: builtinModules
    .filter((name) => !name.startsWith('_'))
    .map((name) => ({ name, message: 'shared/ and renderer/ run outside Node: no Node built-ins here.' })),
  patterns: [{ group: ['node:*'], message: 'shared/ and renderer/ run outside Node: no Node built-ins here.' }],
};

const layer = (group, message) => ({ paths: [], patterns: [{ group, message }] });
const ELECTRON_CODE = layer(
  ['**/electron/**'],
  'renderer/ and shared/ import no electron/** code: the renderer reaches core through window.api, types live in shared/.',
);
const RENDERER_CODE = layer(['**/renderer/**'], 'shared/ imports no renderer/** code: shared is below the renderer.');
/**
 * Core's relative imports never reach electron/main, electron/harness or the sandbox tenant (electron/sandbox/):
 * they sit above core and hand it what it needs as arguments. shared/ has a
 * `sandbox` channel file core may import.
 */
const CORE_OUTWARD = layer(
  [
    '**/main',
    '**/main/**',
    '**/harness',
    '**/harness/**',
    '**/sandbox',
    '**/sandbox/**',
    '**/renderer/**',
    '!**/shared/**',
  ],
  'electron/core is plain Node below main, harness and the sandbox: it imports none of them (take what you need as an argument) and no renderer/ code.',
);
const TESTS_CODE = layer(
  ['**/tests', '**/tests/**'],
  'scripts/ import nothing from tests/: put a helper both need where both may use it.',
);

/** One `no-restricted-imports` setting per folder (flat config replaces, not merges, rule options). */
function restrictImports(...sets) {
  return ['error', { paths: sets.flatMap((s) => s.paths), patterns: sets.flatMap((s) => s.patterns) }];
}

const NO_IPC_RENDERER_SYNTAX = [
  'error',
  {
    selector: "Identifier[name='ipcRenderer']",
    message: 'ipcRenderer belongs to electron/preload only; use window.api.',
  },
];

const BUILTIN_SOURCE = `/^(node:.*|${builtinModules
  .filter((name) => !name.startsWith('_'))
  .map((name) => name.replace(/[/]/g, '\\/'))
  .join('|')})$/`;
const NO_NODE_SYNTAX = [
  {
    selector: `ImportExpression[source.value=${BUILTIN_SOURCE}]`,
    message: 'shared/ and renderer/ run outside Node: no Node built-ins here.',
  },
  {
    selector: "CallExpression[callee.name='require']",
    message: 'shared/ and renderer/ are ES modules in a browser: no require().',
  },
];

const TS_AND_VUE = ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.vue'];

/**
 * Tests wait for the condition, never for a fixed time. Refused in tests/**:
 *  - a sleep: `new Promise` resolved by a setTimeout nobody keeps (a timer kept in a variable to be
 *    cleared, or one that rejects or kills, is a guard or a modelled hang, not a sleep);
 *  - Playwright's `page.waitForTimeout(...)`;
 *  - a sleep/wait/delay helper given a duration rather than a condition function.
 * A justified exception says why in place: `// eslint-disable-next-line no-restricted-syntax -- <reason>`
 * (e.g. a child-process test that must let real time pass). Fault-injection latency in the sandbox
 * server is app code under electron/, not a test.
 */
const SLEEP_MESSAGE =
  'Tests wait for the condition, not for time: until()/vi.waitFor/expect.poll, Playwright auto-waiting assertions, or vi.useFakeTimers() when the thing is a timer.';
const SLEEP_TIMER =
  "NewExpression[callee.name='Promise'] :matches(ExpressionStatement, ArrowFunctionExpression) > :matches(CallExpression[callee.name='setTimeout'], CallExpression[callee.property.name='setTimeout'])";
const NO_FIXED_SLEEP = [
  // new Promise((r) => setTimeout(r, 250))
  { selector: `${SLEEP_TIMER}[arguments.0.type='Identifier']`, message: SLEEP_MESSAGE },
  // new Promise((resolve) => setTimeout(() => resolve(), 20)), also with a block body
  {
    selector: `${SLEEP_TIMER} > ArrowFunctionExpression > CallExpression.body[callee.type='Identifier'][arguments.length=0]`,
    message: SLEEP_MESSAGE,
  },
  {
    selector: `${SLEEP_TIMER} > ArrowFunctionExpression > BlockStatement > ExpressionStatement > CallExpression[callee.type='Identifier'][arguments.length=0]`,
    message: SLEEP_MESSAGE,
  },
  { selector: "CallExpression[callee.property.name='waitForTimeout']", message: SLEEP_MESSAGE },
  {
    selector:
      'CallExpression:matches([callee.name=/^(sleep|wait|delay)$/i], [callee.property.name=/^(sleep|wait|delay)$/i])[arguments.length>0]:not([arguments.0.type=/FunctionExpression$/])',
    message: SLEEP_MESSAGE,
  },
];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'release/**',
      'node_modules/**',
      'coverage/**',
      '.tmp/**',
      'test-results/**',
      'playwright-report/**',
      'build/native/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' },
      globals: { ...globals.browser },
    },
  },
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: TS_AND_VUE,
    rules: {
      // TypeScript checks these itself.
      'no-undef': 'off',
    },
  },
  {
    // Type-checked rules for an async UI: a promise nobody awaits or catches (`void` marks a deliberate
    // fire-and-forget), and an async function handed to a caller that drops its promise (event listeners,
    // `() => void` callbacks). Types come from tsconfig.json (node side) and tsconfig.web.json (renderer,
    // shared, component tests); the project service only finds files named tsconfig.json, so
    // renderer/tsconfig.json and tests/component/tsconfig.json just extend tsconfig.web.json.
    // Plain .js/.mjs files are not type-checked.
    files: TS_AND_VUE,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  // --- Import boundaries -----------------------------------------------------------------------
  {
    files: ['**/*.{js,mjs,cjs,ts,mts,cts,vue}'],
    ignores: ['electron/preload/**'],
    rules: {
      'no-restricted-imports': restrictImports(IPC_RENDERER_IMPORT),
      'no-restricted-syntax': NO_IPC_RENDERER_SYNTAX,
    },
  },
  {
    files: ['electron/core/**'],
    rules: { 'no-restricted-imports': restrictImports(ELECTRON, CORE_OUTWARD) },
  },
  {
    // The sandbox tenant is plain Node too.
    files: ['electron/sandbox/**'],
    rules: { 'no-restricted-imports': restrictImports(ELECTRON) },
  },
  {
    files: ['shared/**', 'renderer/**'],
    rules: { 'no-restricted-syntax': [...NO_IPC_RENDERER_SYNTAX, ...NO_NODE_SYNTAX] },
  },
  {
    files: ['renderer/**'],
    rules: { 'no-restricted-imports': restrictImports(ELECTRON, NODE_BUILTINS, ELECTRON_CODE) },
  },
  {
    files: ['shared/**'],
    rules: { 'no-restricted-imports': restrictImports(ELECTRON, NODE_BUILTINS, ELECTRON_CODE, RENDERER_CODE) },
  },
  {
    files: ['scripts/**'],
    rules: { 'no-restricted-imports': restrictImports(IPC_RENDERER_IMPORT, TESTS_CODE) },
  },
  {
    // Tests poke at untyped shapes (hostile payloads, fakes) on purpose.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['tests/**'],
    rules: { 'no-restricted-syntax': [...NO_IPC_RENDERER_SYNTAX, ...NO_FIXED_SLEEP] },
  },
  {
    // The fake `electron` module for unit tests has to model ipcRenderer (sleeps stay banned).
    files: ['tests/unit/electron/**'],
    rules: { 'no-restricted-syntax': ['error', ...NO_FIXED_SLEEP] },
  },
  // Layout is Prettier's (npm run format): every ESLint rule that would argue with it is off.
  prettierOff,
);
