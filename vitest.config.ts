import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Unit tests sit next to the code; integration tests (real processes) end in .int.test.ts.
export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('.', import.meta.url)),
      // The marker only means something to Next's bundler; elsewhere it is an empty module.
      'server-only': fileURLToPath(new URL('./node_modules/server-only/empty.js', import.meta.url)),
    },
  },
  test: {
    include: [
      'server/**/*.test.ts',
      'components/**/*.test.ts',
      'lib/**/*.test.ts',
      'app/**/*.test.ts',
      'scripts/**/*.test.ts',
      'test/**/*.test.ts',
      // lb conformance: lb-web against fixtures produced by lb's own code (scripts/lb-fixtures).
      'test/conformance/**/*.conformance.ts',
    ],
    exclude: ['node_modules/**', '.next/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
