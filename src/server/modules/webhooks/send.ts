import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { checkedLookup, isPrivateAddress, PrivateAddressError } from './address';

/** A delivery attempt's limit, from the request to the end of the answer. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Of the receiver's answer, only this much is read (and nothing kept). */
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface SendOptions {
  allowPrivate: boolean;
  timeoutMs?: number;
}

export interface SendResult {
  ok: boolean;
  /** The receiver's HTTP status, when it answered. */
  status: number | null;
  durationMs: number;
  error: string | null;
}

// Connections to receivers are kept open between deliveries (many events, one receiver).
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 128 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 128 }),
};

/**
 * POSTs one delivery. Success is a 2xx answer; a redirect is not followed (its 3xx is a failure, so a receiver
 * cannot send the request on to an address that was never checked); the whole exchange is bounded by the timeout.
 */
export function postDelivery(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: SendOptions,
): Promise<SendResult> {
  const started = performance.now();
  const done = (ok: boolean, status: number | null, error: string | null): SendResult => ({
    ok,
    status,
    error,
    durationMs: Math.round(performance.now() - started),
  });
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return resolve(done(false, null, 'The URL is not valid.'));
    }
    const hostname = target.hostname.replace(/^\[|\]$/g, '');
    // A literal address is connected to without a lookup: it is checked here.
    if (net.isIP(hostname) && !opts.allowPrivate && isPrivateAddress(hostname))
      return resolve(done(false, null, new PrivateAddressError(hostname).message));
    const client = target.protocol === 'https:' ? https : http;
    const req = client.request(
      target,
      {
        method: 'POST',
        agent: target.protocol === 'https:' ? agents.https : agents.http,
        lookup: checkedLookup(opts.allowPrivate) as any,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        const finish = () => {
          clearTimeout(timer);
          if (timedOut) return resolve(done(false, null, timeoutMessage));
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve(done(true, status, null));
          if (status >= 300 && status < 400)
            return resolve(done(false, status, `Redirect (${status}) not followed: give the final URL.`));
          resolve(done(false, status, `The receiver answered ${status}.`));
        };
        res.on('end', finish);
        res.on('close', finish);
        res.on('error', finish);
      },
    );
    let timedOut = false;
    const timeoutMessage = `No complete answer within ${(opts.timeoutMs ?? DELIVERY_TIMEOUT_MS) / 1000} s.`;
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error(timeoutMessage));
    }, opts.timeoutMs ?? DELIVERY_TIMEOUT_MS);
    req.on('error', (err) => {
      clearTimeout(timer);
      resolve(done(false, null, timedOut ? timeoutMessage : err.message || String(err)));
    });
    req.end(body);
  });
}
