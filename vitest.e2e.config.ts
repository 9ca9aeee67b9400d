import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// E2E specs drive Debian's Chromium with playwright-core against `next start`; one at a time.
export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('.', import.meta.url)),
      // The marker only means something to Next's bundler; elsewhere it is an empty module.
      'server-only': fileURLToPath(new URL('./node_modules/server-only/empty.js', import.meta.url)),
    },
  },
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
