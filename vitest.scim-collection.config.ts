import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// `npm run test:scim-collection`: Microsoft's SCIM compliance collection (not part of the repository) against
// Roster, on PGlite and, when TEST_DATABASE_URL is set, on that PostgreSQL too. SCIM_COLLECTION is its path.
const given = process.env.SCIM_COLLECTION;
if (!given)
  throw new Error(
    'SCIM_COLLECTION is not set. Give the path of the SCIM compliance collection, e.g.\n' +
      '  SCIM_COLLECTION=/path/to/PostmanCollection.json npm run test:scim-collection',
  );
const collection = path.resolve(given);
if (!fs.statSync(collection, { throwIfNoEntry: false })?.isFile())
  throw new Error(`SCIM_COLLECTION is ${given}, but there is no file at ${collection}.`);

const pgUrl = process.env.TEST_DATABASE_URL;
const include = ['test/scim-collection/**/*.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/helpers/globalSetup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 60_000,
    env: { SCIM_COLLECTION: collection },
    projects: [
      { extends: true, test: { name: 'pglite', include, env: { TEST_DATABASE_URL: '' } } },
      ...(pgUrl
        ? [{ extends: true as const, test: { name: 'postgres', include, env: { TEST_DATABASE_URL: pgUrl } } }]
        : []),
    ],
  },
});
