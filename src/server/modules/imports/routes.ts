import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
import { AppError, forbidden } from '../../core/errors';
import { mayImport } from '../access/policy';
import { idParams, readsById } from '../access/guardedRoutes';
import { FILE_TOO_LARGE, MAX_FILE_BYTES } from './parse';
import {
  ignoredColumnsInputSchema,
  importListSchema,
  importSchema,
  importSummarySchema,
  rowPageSchema,
} from '../../../common/contract/imports';
import { importSummary, setIgnoredColumns } from './review';
import { kickImports } from './runner';
import {
  cancelImport,
  commitImport,
  createImport,
  getImport,
  listImports,
  listRows,
  logCsv,
  rowsQuerySchema,
  templateCsv,
  uploadFieldsSchema,
} from './service';

const invalidFile = (message: string) => new AppError('import_invalid_file', message, [{ field: 'file', message }]);

/** Reads the multipart upload: the file and the option fields, in whatever order the form sends them. */
async function readUpload(
  req: FastifyRequest,
): Promise<{ fileName: string; file: Buffer; fields: Record<string, string> }> {
  if (!req.isMultipart()) throw invalidFile('Send the CSV file as multipart/form-data, in a field named "file".');
  const fields: Record<string, string> = {};
  let file: Buffer | null = null;
  let fileName = '';
  try {
    for await (const part of req.parts({ limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 20 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw invalidFile(`Unexpected file field "${part.fieldname}"; name it "file".`);
        file = await part.toBuffer();
        fileName = part.filename;
      } else fields[part.fieldname] = String(part.value);
    }
  } catch (err: any) {
    if (err instanceof AppError) throw err;
    if (err?.code === 'FST_REQ_FILE_TOO_LARGE') throw invalidFile(FILE_TOO_LARGE);
    if (err?.code === 'FST_FILES_LIMIT') throw invalidFile('Send one file per import.');
    throw invalidFile(
      'The upload could not be read. Send the CSV file as multipart/form-data, in a field named "file".',
    );
  }
  if (!file) throw invalidFile('No file was sent: add the CSV file in a field named "file".');
  return { fileName, file, fields };
}

export async function importRoutes(api: FastifyInstance, { db }: AppContext) {
  // The multipart parser only in this scope: every other route keeps accepting JSON only.
  await api.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_FILE_BYTES } });
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const tags = ['imports'];

    r.post(
      '/imports',
      { schema: { tags, consumes: ['multipart/form-data'], response: { 202: importSchema } } },
      async (req, reply) => {
        const actor = actorOf(req);
        // Only callers who may import at all get as far as reading the file.
        if (!mayImport(actor)) throw forbidden();
        const upload = await readUpload(req);
        const parsed = uploadFieldsSchema.safeParse(upload.fields);
        if (!parsed.success)
          throw new AppError(
            'validation_failed',
            'Some fields are not valid.',
            parsed.error.issues.map((i) => ({
              field: i.path.join('.') || String((i as any).keys?.[0] ?? ''),
              message: i.message,
            })),
          );
        const dto = await db.tx((tx) => createImport(tx, actor, upload.fileName, upload.file, parsed.data));
        kickImports(db);
        return reply.status(202).send(dto);
      },
    );

    r.get('/imports', { schema: { tags, response: { 200: importListSchema } } }, async (req) => ({
      items: await listImports(db, actorOf(req)),
    }));

    r.get('/imports/template.csv', { schema: { tags, produces: ['text/csv'] } }, async (req, reply) => {
      const csv = await templateCsv(db, actorOf(req));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="roster-import-template.csv"')
        .send(csv);
    });

    const importRead = readsById(scope, tags);
    importRead('/imports/:id', importSchema, (actor, id) => getImport(db, actor, id));

    r.get(
      '/imports/:id/rows',
      { schema: { tags, params: idParams, querystring: rowsQuerySchema, response: { 200: rowPageSchema } } },
      async (req) => listRows(db, actorOf(req), req.params.id, req.query),
    );

    importRead('/imports/:id/summary', importSummarySchema, (actor, id) => importSummary(db, actor, id));

    r.put(
      '/imports/:id/ignored-columns',
      { schema: { tags, params: idParams, body: ignoredColumnsInputSchema, response: { 200: importSchema } } },
      async (req) => db.tx((tx) => setIgnoredColumns(tx, actorOf(req), req.params.id, req.body.columns)),
    );

    r.post(
      '/imports/:id/commit',
      { schema: { tags, params: idParams, response: { 202: importSchema } } },
      async (req, reply) => {
        const dto = await db.tx((tx) => commitImport(tx, actorOf(req), req.params.id));
        kickImports(db);
        return reply.status(202).send(dto);
      },
    );

    r.post(
      '/imports/:id/cancel',
      { schema: { tags, params: idParams, response: { 200: importSchema } } },
      async (req) => db.tx((tx) => cancelImport(tx, actorOf(req), req.params.id)),
    );

    r.get(
      '/imports/:id/log.csv',
      { schema: { tags, params: idParams, produces: ['text/csv'] } },
      async (req, reply) => {
        const { name, csv } = await logCsv(db, actorOf(req), req.params.id);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}"`)
          .send(csv);
      },
    );
  });
}
