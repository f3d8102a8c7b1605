/** Entry point of the compiled server: dist/server/start.mjs, what `npm start` runs (scripts/build.mjs). */
import { serveFromCommandLine } from './main';

serveFromCommandLine();
