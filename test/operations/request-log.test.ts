import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/useApp';

/** One line per request at most, only when it tells something, always with the request id (docs/decisions/019-fast-path.md). */
const requestLines = (lines: Record<string, any>[]) => lines.filter((l) => l.req && l.res);

describe('request log at info: quiet by default', () => {
  const logLines: Record<string, any>[] = [];
  const { owner } = useApp({ logLines, env: { LOG_REQUEST_SAMPLE: '0' } });

  it('writes no line for an ordinary request', async () => {
    logLines.length = 0;
    for (let i = 0; i < 5; i++) expect((await owner.get('/api/v1/me')).status).toBe(200);
    expect(requestLines(logLines)).toEqual([]);
  });
});

describe('request log at info: slow requests', () => {
  const logLines: Record<string, any>[] = [];
  const { owner } = useApp({ logLines, env: { LOG_REQUEST_SAMPLE: '0', LOG_SLOW_REQUEST_MS: '0' } });

  it('writes one line per slow request, with its request id, status and time', async () => {
    logLines.length = 0;
    const res = await owner.get('/api/v1/me');
    expect(res.status).toBe(200);
    const lines = requestLines(logLines);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, msg: 'slow request', slow: true, res: { statusCode: 200 } });
    expect(lines[0]!.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines[0]!.req.url).toBe('/api/v1/me');
    expect(JSON.stringify(lines[0])).not.toContain('roster_session');
  });
});

describe('request log at info: a sampled fraction', () => {
  const logLines: Record<string, any>[] = [];
  const { owner } = useApp({ logLines, env: { LOG_REQUEST_SAMPLE: '1' } });

  it('writes one line per sampled request', async () => {
    logLines.length = 0;
    for (let i = 0; i < 3; i++) await owner.get('/api/v1/me');
    const lines = requestLines(logLines);
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.sampled === true && l.msg === 'request completed')).toBe(true);
    expect(new Set(lines.map((l) => l.reqId)).size).toBe(3);
  });
});

describe('request log at debug: every request, one line each', () => {
  const logLines: Record<string, any>[] = [];
  const { owner } = useApp({ logLines, env: { LOG_LEVEL: 'debug', LOG_REQUEST_SAMPLE: '0' } });

  it('writes exactly one line per request', async () => {
    logLines.length = 0;
    for (let i = 0; i < 4; i++) await owner.get('/api/v1/me');
    const lines = requestLines(logLines);
    expect(lines).toHaveLength(4);
    expect(lines.every((l) => l.level === 20)).toBe(true);
  });
});
