import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built admin UI's folder. The server runs from source (tsx, tests: this file is src/server/paths.ts) or
 * compiled (`npm run build`: bundled into dist/server/*.mjs, the UI in dist/web) — scripts/build.mjs.
 * (db/migrate.ts finds the migrations next to itself in both cases.)
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const compiled = !import.meta.url.endsWith('.ts');

export const WEB_DIR = compiled ? path.join(here, '../web') : path.join(here, '../../dist/web');
