import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { afterAll, beforeAll } from 'vitest';
import type { Client, TestApp } from '../helpers/harness';
import { late, useApp } from '../helpers/useApp';

/** One message as the test SMTP server received it, with its text part decoded. */
export interface Received {
  to: string[];
  subject: string;
  text: string;
  html: string;
  raw: string;
}

export interface TestSmtp {
  url: string;
  messages: Received[];
  /** Decide per recipient: return an SMTP code and message to refuse it (e.g. [550, 'No such user']). */
  rejectRcpt: (address: string) => [number, string] | null;
  /** Messages whose text part has a link matching `pattern` → the link. */
  linkTo(address: string, pattern?: RegExp): string;
  close(): Promise<void>;
}

/** A real SMTP server on loopback that accepts everything (or what `rejectRcpt` lets through) and keeps it. */
export async function startSmtp(): Promise<TestSmtp> {
  const messages: Received[] = [];
  const state: Pick<TestSmtp, 'rejectRcpt'> = { rejectRcpt: () => null };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 100,
    closeTimeout: 1000,
    onRcptTo(address: SMTPServerAddress, _session, cb) {
      const refusal = state.rejectRcpt(address.address);
      if (!refusal) return cb();
      const err = Object.assign(new Error(refusal[1]), { responseCode: refusal[0] });
      cb(err);
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), raw, ...parse(raw) });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = ((server as any).server.address() as AddressInfo).port;
  const api: TestSmtp = {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    get rejectRcpt() {
      return state.rejectRcpt;
    },
    set rejectRcpt(fn) {
      state.rejectRcpt = fn;
    },
    linkTo(address, pattern = /https?:\/\/\S+/) {
      const mine = messages.filter((m) => m.to.includes(address.toLowerCase()));
      for (const m of mine.reverse()) {
        const found = m.text.match(pattern);
        if (found) return found[0];
      }
      throw new Error(`no mail to ${address} with a link matching ${pattern}`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return api;
}

export interface AppWithSmtp {
  /** The SMTP server the app sends to, with what it has received. */
  readonly smtp: TestSmtp;
  /** The app, wired to `smtp`. */
  readonly t: TestApp;
  /** The Owner, signed in. */
  readonly owner: Client;
}

/**
 * For one test file: a real SMTP server, an app that sends its mail there and the Owner signed in, started in
 * beforeAll and stopped in afterAll (helpers/useApp.ts). Call it at the top level of the file; read the fields
 * inside tests and hooks.
 */
export function useAppWithSmtp(): AppWithSmtp {
  let smtp: TestSmtp | undefined;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(() => smtp?.close());
  const ready = late('useAppWithSmtp', () => smtp);
  const { t, owner } = useApp({ env: () => ({ SMTP_URL: ready.url }) });
  return { smtp: ready, t, owner };
}

/** Just enough MIME for our own messages: the subject, and the text/plain and text/html parts decoded. */
function parse(raw: string): { subject: string; text: string; html: string } {
  const [head = ''] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const subject = decodeWords(/^Subject: (.*)$/im.exec(unfolded)?.[1] ?? '');
  return { subject, text: part(raw, 'text/plain'), html: part(raw, 'text/html') };
}

function part(raw: string, type: string): string {
  const re = new RegExp(`Content-Type: ${type}[^]*?\\r?\\n\\r?\\n`, 'i');
  const m = re.exec(raw);
  if (!m) return '';
  const headers = m[0];
  const rest = raw.slice(m.index + m[0].length);
  const body = rest.split(/\r?\n--/)[0] ?? '';
  const encoding = /Content-Transfer-Encoding: ([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQp(body);
  return body;
}

function decodeQp(s: string): string {
  const soft = s.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=). */
function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQp(text.replace(/_/g, ' ')),
    );
}
