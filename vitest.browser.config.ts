import { defineConfig } from 'vitest/config';

// Browser journeys in Debian's Chromium (needs `apt-get install chromium`); run with `npm run test:browser`.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/helpers/globalSetup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
