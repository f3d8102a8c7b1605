#!/usr/bin/env -S node --expose-gc
// `npx roster …`: runs the compiled command (dist/server/roster.mjs, `npm run build`) when that build is newer
// than every source file, else src/cli/roster.ts through tsx's ESM loader — in this process either way.
// Paths are resolved from this file, so it works from any working directory.
import { serverBuildIsCurrent } from '../scripts/build.mjs';

if (serverBuildIsCurrent()) {
  await import(new URL('../dist/server/roster.mjs', import.meta.url).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/roster.ts', import.meta.url).href);
}
