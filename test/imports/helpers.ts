import { expect } from 'vitest';
import type { Client, Res, TestApp } from '../helpers/harness';

/** Posts a multipart upload (file + option fields) with the client's session, as a browser form does. */
export async function upload(
  t: TestApp,
  client: Client,
  file: string | Buffer,
  fields: Record<string, string> = {},
  fileName = 'people.csv',
): Promise<Res> {
  const boundary = `----roster${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
  );
  parts.push(Buffer.isBuffer(file) ? file : Buffer.from(file, 'utf8'));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  const headers: Record<string, string> = { 'content-type': `multipart/form-data; boundary=${boundary}` };
  if (client.cookie) headers.cookie = client.cookie;
  if (client.csrf) headers['x-csrf-token'] = client.csrf;
  if (client.bearer) headers.authorization = `Bearer ${client.bearer}`;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/imports',
    payload: Buffer.concat(parts),
    headers,
    remoteAddress: client.ip,
  });
  let body: any = res.body;
  try {
    body = JSON.parse(res.body);
  } catch {
    /* not JSON */
  }
  return { status: res.statusCode, body, headers: res.headers };
}

/** Polls an import until it reaches one of `states`. */
export async function waitFor(client: Client, id: string, states: string[], timeoutMs = 60_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.get(`/api/v1/imports/${id}`);
    expect(res.status).toBe(200);
    if (states.includes(res.body.state)) return res.body;
    if (Date.now() > until) throw new Error(`import ${id} still ${res.body.state} (${JSON.stringify(res.body.error)})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Upload → preview finished; asserts the 202. */
export async function preview(
  t: TestApp,
  client: Client,
  file: string | Buffer,
  fields: Record<string, string> = {},
  timeoutMs?: number,
) {
  const res = await upload(t, client, file, fields);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return waitFor(client, res.body.id, ['previewed', 'failed'], timeoutMs);
}

export async function commit(client: Client, id: string, timeoutMs?: number) {
  const res = await client.post(`/api/v1/imports/${id}/commit`);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return waitFor(client, id, ['completed', 'failed'], timeoutMs);
}

/** Preview then commit, returning the finished import. */
export async function importFile(
  t: TestApp,
  client: Client,
  file: string | Buffer,
  fields: Record<string, string> = {},
  timeoutMs?: number,
) {
  const p = await preview(t, client, file, fields, timeoutMs);
  expect(p.state, JSON.stringify(p.error)).toBe('previewed');
  return commit(client, p.id, timeoutMs);
}

export async function rowsOf(client: Client, id: string, query = ''): Promise<any[]> {
  const res = await client.get(`/api/v1/imports/${id}/rows?limit=500${query}`);
  expect(res.status).toBe(200);
  return res.body.items;
}

export const csv = (...lines: string[]) => lines.join('\n') + '\n';
