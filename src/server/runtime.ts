import type { FastifyInstance } from 'fastify';
import { buildApp, type AppLogOptions } from './app';
import type { Config } from './core/config';
import { connect, type Db } from './db/index';
import { migrate } from './db/migrate';
import { registerModules } from './registerModules';
import { ROSTER_JOBS } from './jobs/catalog';
import { JobRunner } from './scheduler/runner';
import { setPublicUrl } from './modules/invitations/invitations';
import { loadSecretKey, setSecretKey } from './modules/mail/secrets';
import { setWebhookPolicy } from './modules/webhooks/deliver';
import { rekeyStoredEmails } from './modules/people/email';
import { createTransport, type Transport } from './modules/mail/transport';

export interface Runtime {
  app: FastifyInstance;
  db: Db;
  transport: Transport;
  /** This process's job runner (jobs/catalog.ts lists what it runs). */
  jobs: JobRunner;
  stop(): Promise<void>;
}

/** config → database → migrations → app → jobs. `npm start`, the CLI and the tests all start Roster here. */
export async function startRuntime(config: Config, opts: AppLogOptions & { db?: Db } = {}): Promise<Runtime> {
  registerModules();
  const db =
    opts.db ??
    (await connect({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.databasePoolSize,
      statementTimeout: config.databaseStatementTimeout,
      idleInTransactionTimeout: config.databaseIdleInTransactionTimeout,
      preparedStatements: config.databasePreparedStatements,
    }));
  try {
    await migrate(db);
    await rekeyStoredEmails(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  setPublicUrl(config.publicUrl);
  setSecretKey(loadSecretKey(config.secretKey, config.dataDir));
  setWebhookPolicy({ allowPrivate: config.webhookAllowPrivate });
  const logLines = { info: () => {}, error: () => {} } as {
    info: (o: object, m: string) => void;
    error: (o: object, m: string) => void;
  };
  const transport = createTransport(db, config.smtpUrl, { info: (o, m) => logLines.info(o, m) });
  const app = await buildApp({ db, config, transport }, { logger: opts.logger, logStream: opts.logStream });
  logLines.info = (o, m) => app.log.info(o, m);
  logLines.error = (o, m) => app.log.error(o, m);
  // With ROSTER_JOB_INTERVAL=0 nothing runs on a schedule, but triggered jobs (an import queued) still run.
  const jobs = new JobRunner({
    db,
    transport,
    jobs: ROSTER_JOBS,
    intervalSeconds: config.jobIntervalSeconds,
    log: logLines,
  });
  await jobs.start();
  return {
    app,
    db,
    transport,
    jobs,
    async stop() {
      await jobs.stop();
      await app.close();
      transport.close();
      await db.close();
    },
  };
}
