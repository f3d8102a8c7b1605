import { defineConfig } from 'vitest/config';
import suite from './vitest.config';

// `npm run test:fast`: the edit loop's tier, under a minute — pure functions and use cases on a database,
// no HTTP server and no child processes. `npm test` stays the full suite (vitest.config.ts), which runs
// these files too. A new test file of that kind belongs in FAST.
const FAST = [
  'src/**/*.test.ts',
  'test/jobs/concurrent-sweeps.test.ts',
  'test/organising/rule-cache.test.ts',
  'test/scim/filter.test.ts',
  'test/scim/filter.property.test.ts',
  'test/scim/patch.property.test.ts',
  'test/waysin/templates.test.ts',
];

export default defineConfig({
  test: {
    ...suite.test,
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          include: FAST,
          // The CLI test spawns the command line several times: it stays in the full suite only.
          exclude: ['src/cli/**', 'node_modules/**'],
          env: { TEST_DATABASE_URL: '' },
        },
      },
    ],
  },
});
