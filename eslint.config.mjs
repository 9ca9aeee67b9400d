// Lint rules, including the layer rules of docs/ARCHITECTURE.md:
// - browser code (pages, components, lib/) imports the contract module (lib/contract), lib/ and
//   only the *type* of the tRPC router from server/;
// - lib/contract is browser-safe: zod and itself, nothing from node, React or the server;
// - domain modules (server/ outside server/api) know nothing of tRPC, React or Next;
// - only server/process spawns children or signals processes.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import nextPlugin from '@next/eslint-plugin-next';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const serverFromBrowser = {
  group: ['@/server/*', '!@/server/api/root', '**/server/**'],
  message: 'Browser code must not import server/: use lib/contract, or the AppRouter type for API shapes.',
};
const appRouterTypeOnly = {
  name: '@/server/api/root',
  allowTypeImports: true,
  message: 'Only `import type { AppRouter }` may cross from the browser into server/.',
};
const nodeBuiltins = {
  group: ['node:*'],
  message: 'Browser code cannot use node built-ins; keep this in server/.',
};
const childProcess = [
  { name: 'child_process', message: 'Spawn through server/process (owned, killed on stop/shutdown).' },
  { name: 'node:child_process', message: 'Spawn through server/process (owned, killed on stop/shutdown).' },
];
const processKill = {
  selector: "CallExpression[callee.object.name='process'][callee.property.name='kill']",
  message: 'Signal processes through server/process (killProcessGroup, isPidAlive).',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      '.next-*/**',
      'public/duckdb/**',
      'next-env.d.ts',
      'components/**/*.module.css.d.ts',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // A `let` read by a shutdown handler registered before the value exists is not a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, '@next/next': nextPlugin },
    rules: { ...reactHooks.configs.flat.recommended.rules, ...nextPlugin.configs['core-web-vitals'].rules },
  },
  // Browser code: pages, components, the browser's tRPC client.
  {
    files: ['components/**/*.{ts,tsx}', 'app/**/*.tsx', 'lib/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [appRouterTypeOnly], patterns: [serverFromBrowser, nodeBuiltins] },
      ],
    },
  },
  // The contract module: what both sides speak, loadable anywhere.
  {
    files: ['lib/contract/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            { group: ['@/*'], message: 'lib/contract imports only zod and its own files (relative).' },
            { group: ['react', 'react-dom', 'next', 'next/*', '@trpc/*'], message: 'lib/contract is framework-free.' },
          ],
        },
      ],
    },
  },
  // Domain modules: no tRPC, React or Next (routers in server/api map to and from them; the
  // production HTTP server is the one other module that hands requests to Next).
  {
    files: ['server/**/*.ts'],
    ignores: ['server/api/**', 'server/http/http-server.ts', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: childProcess,
          patterns: [
            {
              group: ['@trpc/*', 'react', 'react-dom', 'next', 'next/*', '@/server/api/*', '@/components/*'],
              message: 'Domain modules know nothing of tRPC, React or Next; the router maps to and from them.',
            },
          ],
        },
      ],
      'no-restricted-syntax': ['error', processKill],
    },
  },
  // Route handlers and routers may use tRPC/Next but still spawn nothing themselves.
  {
    files: ['server/api/**/*.ts', 'server/http/http-server.ts', 'app/**/*.ts', 'proxy.ts', 'instrumentation.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: childProcess }],
      'no-restricted-syntax': ['error', processKill],
    },
  },
  // The one place that owns processes.
  {
    files: ['server/process/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@trpc/*', 'react', 'next', 'next/*'], message: 'server/process is framework-free.' }] },
      ],
      'no-restricted-syntax': 'off',
    },
  },
  prettier,
);
