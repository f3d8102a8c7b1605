import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * The request log (docs/decisions/019-fast-path.md): at `info`, one line for a request slower than `slowMs`
 * and for a sampled fraction of the others; at `debug`, one line for every request — never Fastify's two
 * ("incoming request", "request completed"). Errors are logged where they are handled (app.ts), and a failed
 * reply as Fastify logs it. Each line carries the request id (`reqId`), as every line logged for the request
 * does, so a sampled or slow request can be followed through the log. A prefix registered with a higher
 * `logLevel` (SCIM: its URLs name people) writes none of these.
 */
export class RequestLog extends LogController {
  constructor(private readonly opts: { slowMs: number; sample: number }) {
    super();
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    if (error) return super.requestCompleted(error, req, reply);
    const log = req.log;
    const ms = reply.elapsedTime;
    const debug = log.level === 'debug' || log.level === 'trace';
    const slow = ms >= this.opts.slowMs;
    if (!debug && !slow && !(this.opts.sample > 0 && Math.random() < this.opts.sample)) return;
    const line = { req, res: { statusCode: reply.statusCode }, responseTime: Math.round(ms * 100) / 100 };
    if (slow) log.info({ ...line, slow: true }, 'slow request');
    else if (debug) log.debug(line, 'request completed');
    else log.info({ ...line, sampled: true }, 'request completed');
  }
}
