import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folders the server reads at run time. It runs from source (tsx, tests: this file is src/server/paths.ts)
 * or compiled (`npm run build`: bundled into dist/server/*.mjs, with the migrations copied next to it and the
 * admin UI in dist/web) — scripts/build.mjs.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const compiled = !import.meta.url.endsWith('.ts');

export const MIGRATIONS_DIR = compiled ? path.join(here, 'migrations') : path.join(here, 'db/migrations');
export const WEB_DIR = compiled ? path.join(here, '../web') : path.join(here, '../../dist/web');
