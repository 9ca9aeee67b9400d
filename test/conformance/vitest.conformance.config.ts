import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// lb conformance suite alone: lb-web's counterparts checked against fixtures produced by lb's
// own code (scripts/lb-fixtures). `npx vitest run` includes it too; this config runs just it:
// `npx vitest run -c test/conformance/vitest.conformance.config.ts`.
export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('../..', import.meta.url)),
      // The marker only means something to Next's bundler; elsewhere it is an empty module.
      'server-only': fileURLToPath(new URL('../../node_modules/server-only/empty.js', import.meta.url)),
    },
  },
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/conformance/**/*.conformance.ts'],
    exclude: ['node_modules/**', '.next/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
