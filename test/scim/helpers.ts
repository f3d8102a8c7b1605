import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect } from 'vitest';
import { OWNER, startTestApp, type Client, type TestApp } from '../helpers/harness';
import { late, useApp } from '../helpers/useApp';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/scim');

/** A request body from test/fixtures/scim, with `{{name}}` placeholders filled in. */
export function fixture(name: string, vars: Record<string, string> = {}): unknown {
  const text = fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8');
  return JSON.parse(
    text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
      if (!(k in vars)) throw new Error(`fixture ${name}: no value for {{${k}}}`);
      return vars[k]!;
    }),
  );
}

export interface ScimRes {
  status: number;
  body: any;
  headers: Headers;
}

export interface ScimApp {
  t: TestApp;
  owner: Client;
  base: string;
  token: string;
  /** A real HTTP request to /scim/v2 with the SCIM token (or `opts.token`; null sends none). */
  scim(
    method: string,
    url: string,
    body?: unknown,
    opts?: { token?: string | null; headers?: Record<string, string> },
  ): Promise<ScimRes>;
  newToken(scopes: string[]): Promise<{ id: string; token: string }>;
}

/** The app on a loopback port with an empty database, and a SCIM token made by the Owner. */
export async function startScimApp(): Promise<ScimApp> {
  const t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  return scimClient(t, await t.as(OWNER.email, OWNER.password), base);
}

/** startScimApp for one test file or describe block: started in beforeAll, stopped in afterAll (helpers/useApp.ts). */
export function useScimApp(): ScimApp {
  const { t, owner, baseUrl } = useApp({ listen: true });
  let s: ScimApp | undefined;
  beforeAll(async () => {
    s = await scimClient(t, owner, baseUrl());
  });
  return late('useScimApp', () => s);
}

/** SCIM requests to the app at `base`, with a token the Owner makes. */
async function scimClient(t: TestApp, owner: Client, base: string): Promise<ScimApp> {
  const newToken = async (scopes: string[]) => {
    const res = await owner.post('/api/v1/tokens', { name: `t-${scopes.join('-')}`, scopes });
    expect(res.status).toBe(201);
    return res.body as { id: string; token: string };
  };
  const { token } = await newToken(['scim']);
  const scim: ScimApp['scim'] = async (method, url, body, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    const bearer = opts.token === undefined ? token : opts.token;
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers['content-type'] ??= 'application/scim+json';
    const res = await fetch(`${base}/scim/v2${url}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return { t, owner, base, token, scim, newToken };
}

/** Asserts a SCIM error response (RFC 7644 §3.12). */
export function expectScimError(res: ScimRes, status: number, scimType?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
  expect(res.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status) });
  expect(typeof res.body.detail).toBe('string');
  if (scimType) expect(res.body.scimType).toBe(scimType);
  expect(res.body.error).toBeUndefined();
}
