import { defineConfig } from 'vitest/config';

// `npm test` runs everything on PGlite; when TEST_DATABASE_URL is set, the integration tests
// (test/**) run a second time against that PostgreSQL server. The SCIM compliance collection lives outside
// the repository and has its own command (`npm run test:scim-collection`, vitest.scim-collection.config.ts).
const pgUrl = process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    globalSetup: ['test/helpers/globalSetup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    // A set-up (migrations on a fresh PGlite) takes seconds; on a machine shared with other work, raise it.
    hookTimeout: Number(process.env.TEST_HOOK_TIMEOUT_MS ?? 60_000),
    exclude: ['test/e2e/**', 'test/scim-collection/**', 'node_modules/**'],
    projects: [
      {
        extends: true,
        test: { name: 'pglite', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], env: { TEST_DATABASE_URL: '' } },
      },
      ...(pgUrl
        ? [
            {
              extends: true as const,
              test: { name: 'postgres', include: ['test/**/*.test.ts'], env: { TEST_DATABASE_URL: pgUrl } },
            },
          ]
        : []),
    ],
  },
});
