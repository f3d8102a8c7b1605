/** Latency measurement over real HTTP (fetch, keep-alive), sequential or with a few concurrent clients. */
import type { Db } from '../src/server/db/index';

export interface Stats {
  n: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  mean_ms: number;
  max_ms: number;
  ops_per_s: number;
}

const round = (x: number) => Math.round(x * 100) / 100;

export function stats(samples: number[], wallMs?: number): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return {
    n: s.length,
    p50_ms: round(at(50)),
    p95_ms: round(at(95)),
    p99_ms: round(at(99)),
    mean_ms: round(mean),
    max_ms: round(s[s.length - 1]!),
    ops_per_s: round((s.length * 1000) / (wallMs ?? s.reduce((a, b) => a + b, 0))),
  };
}

export class HttpClient {
  constructor(
    readonly base: string,
    readonly headers: Record<string, string> = {},
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const h: Record<string, string> = { ...this.headers, ...headers };
    if (body !== undefined) h['content-type'] = 'application/json';
    return fetch(this.base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  async json<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ res: Response; body: T }> {
    const res = await this.request(method, path, body, headers);
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return { res, body: JSON.parse(text) as T };
  }

  /** One GET whose body is read in full (what a browser waits for); throws unless 200. */
  async get(path: string): Promise<void> {
    const res = await this.request('GET', path);
    const text = await res.text();
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  }
}

/** `warmup` unmeasured requests, then `n` measured ones, one at a time. `path(i)` may vary the URL. */
export async function sequential(client: HttpClient, path: (i: number) => string, warmup: number, n: number): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await client.get(path(i));
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await client.get(path(warmup + i));
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

/** `connections` clients each looping for `seconds`: throughput under a little concurrency. */
export async function concurrent(client: HttpClient, path: (i: number) => string, connections: number, seconds: number): Promise<Stats & { connections: number }> {
  const samples: number[] = [];
  const end = performance.now() + seconds * 1000;
  let i = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await client.get(path(i++));
        samples.push(performance.now() - t0);
      }
    }),
  );
  return { ...stats(samples, performance.now() - start), connections };
}

/** Wraps a Db so the SQL one request runs can be captured and explained with the same parameters. */
export function recorder(db: Db) {
  const state: { captured: { text: string; params?: unknown[] }[] | null } = { captured: null };
  const wrapped: Db = {
    ...db,
    async query(text, params) {
      // Copied: list.ts reuses its params array, appending the cursor values after the total query.
      state.captured?.push({ text, params: params ? [...params] : params });
      return db.query(text, params);
    },
  };
  return { db: wrapped, state };
}
