import v8 from 'node:v8';

/**
 * Keeps long batch jobs (imports) from inflating the process's memory with garbage.
 *
 * An import chunk allocates tens of MB that outlive a few awaits, so V8 promotes it to the old
 * generation and, with a multi-GB heap limit, lets it pile up to ~500–700 MB of RSS before collecting,
 * although the live heap between chunks is ~30 MB (bench/import.ts, 100,000 rows). At a chunk
 * boundary, when the heap has grown by more than `slackMb` since the last collection, we collect
 * it. That needs `--expose-gc`, which `npm start` and `bin/roster.mjs` pass; without it this does nothing.
 */
const gc = (globalThis as { gc?: () => void }).gc;
let afterLastCollection = 0;

export function collectGarbageIfGrown(slackMb = 64): void {
  if (!gc) return;
  const used = v8.getHeapStatistics().used_heap_size;
  if (used - afterLastCollection < slackMb * 1024 * 1024) return;
  gc();
  afterLastCollection = v8.getHeapStatistics().used_heap_size;
}
