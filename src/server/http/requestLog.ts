import type { FastifyInstance } from 'fastify';

/**
 * The request log (docs/decisions/019-fast-path.md): at `info`, one line for a request slower than `slowMs`
 * and for a sampled fraction of the others; at `debug`, one line for every request. Errors are logged where
 * they are handled (app.ts). Each line carries the request id (`reqId`), as every line logged for the
 * request does, so a sampled or slow request can be followed through the log.
 * A route or prefix registered with a higher `logLevel` (SCIM: its URLs name people) writes none of these.
 */
export function registerRequestLog(app: FastifyInstance, opts: { slowMs: number; sample: number }): void {
  app.addHook('onResponse', async (req, reply) => {
    const log = req.log;
    const ms = reply.elapsedTime;
    const debug = log.level === 'debug' || log.level === 'trace';
    const slow = ms >= opts.slowMs;
    if (!debug && !slow && !(opts.sample > 0 && Math.random() < opts.sample)) return;
    const line = { req, res: { statusCode: reply.statusCode }, responseTime: Math.round(ms * 100) / 100 };
    if (slow) log.info({ ...line, slow: true }, 'slow request');
    else if (debug) log.debug(line, 'request completed');
    else log.info({ ...line, sampled: true }, 'request completed');
  });
}
