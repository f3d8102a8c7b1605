import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * How the test SMTP server behaves: accept everything; accept the connection and never greet; take the
 * message and never answer DATA; or answer DATA with a temporary refusal (451).
 */
export type SmtpMode = 'accept' | 'no_greeting' | 'no_data_reply' | 'defer_data';

export interface FaultySmtp {
  url: string;
  port: number;
  mode: SmtpMode;
  /** Every message body received (raw), whatever the answer. */
  received: string[];
  /** Those answered with 250, in the order answered. */
  accepted: string[];
  /** How long to hold the answer to a message (ms), if at all: a slow server, one message at a time. */
  holdAnswer?: (raw: string) => number;
  close(): Promise<void>;
}

/** A real SMTP server on loopback (on `port` if given: a server back on the port of one that went down). */
export async function startFaultySmtp(port = 0): Promise<FaultySmtp> {
  const state: Omit<FaultySmtp, 'url' | 'port' | 'close'> = { mode: 'accept', received: [], accepted: [] };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 100,
    onConnect(_session, cb) {
      if (state.mode !== 'no_greeting') cb();
    },
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        state.received.push(raw);
        if (state.mode === 'no_data_reply') return;
        if (state.mode === 'defer_data') return cb(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        setTimeout(
          () => {
            state.accepted.push(raw);
            cb();
          },
          state.holdAnswer?.(raw) ?? 0,
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = ((server as any).server.address() as AddressInfo).port;
  return Object.assign(state, {
    url: `smtp://127.0.0.1:${bound}`,
    port: bound,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** The Message-ID header of a raw message. */
export const messageIdIn = (raw: string) => /^Message-ID: (.+)$/im.exec(raw)?.[1]?.trim();
