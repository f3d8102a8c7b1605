// `npm run build`: compiles the server and the roster command (esbuild → dist/server, packages left to
// node_modules) and the admin UI (vite → dist/web), so that starting does no TypeScript compilation.
//   node scripts/build.mjs [server|web] [--if-stale] [--outdir DIR]
// --if-stale builds only a part older than its sources (`npm start`, `npm run test:browser`);
// --outdir puts the server in DIR/server instead of dist/server (the build test).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(root, 'dist');
/** Written last by a server build: an interrupted build counts as stale. */
const SERVER_STAMP = 'server/.built';
const SERVER_SOURCES = ['src/server', 'src/common', 'src/cli', 'package-lock.json', 'scripts/build.mjs'];
const WEB_SOURCES = ['src/web', 'src/common', 'vite.config.ts', 'package-lock.json'];

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))));
}

function isCurrent(built, sources) {
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  return builtAt > Math.max(...sources.map((s) => newest(path.join(root, s))));
}

/** Whether dist/server holds a complete build newer than every server source (bin/roster.mjs asks). */
export function serverBuildIsCurrent() {
  return isCurrent(path.join(DIST, SERVER_STAMP), SERVER_SOURCES);
}

/**
 * Bundles the server's own code into OUT/server (start.mjs: `npm start`; roster.mjs: the roster command;
 * shared chunks) and copies the migrations next to it, where src/server/paths.ts looks for them.
 */
async function buildServer(out) {
  const { build } = await import('esbuild');
  const dir = path.join(out, 'server');
  fs.rmSync(dir, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: { start: 'src/server/start.ts', roster: 'src/cli/roster.ts' },
    outdir: dir,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    splitting: true, // the command loads the server only for the subcommands that need it
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    logLevel: 'warning',
  });
  fs.cpSync(path.join(root, 'src/server/db/migrations'), path.join(dir, 'migrations'), { recursive: true });
  fs.writeFileSync(path.join(out, SERVER_STAMP), new Date().toISOString());
}

function buildWeb() {
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    { cwd: root, stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error('The admin UI did not build (vite build failed).');
}

async function main(args) {
  const ifStale = args.includes('--if-stale');
  const at = args.indexOf('--outdir');
  const out = at >= 0 ? path.resolve(args[at + 1]) : DIST;
  const parts = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--outdir');
  const wanted = parts.length ? parts : ['server', 'web'];
  if (wanted.includes('server') && !(ifStale && out === DIST && serverBuildIsCurrent())) {
    console.log('Building the server (esbuild)…');
    await buildServer(out);
  }
  if (wanted.includes('web') && !(ifStale && isCurrent(path.join(DIST, 'web/index.html'), WEB_SOURCES))) {
    console.log('Building the admin UI (vite build)…');
    buildWeb();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
