#!/usr/bin/env -S node --expose-gc
// `npx roster …`: runs src/cli/roster.ts in this process through tsx's ESM loader.
// Paths are resolved from this file, so it works from any working directory.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/cli/roster.ts', import.meta.url).href);
