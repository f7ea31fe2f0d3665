import { AppError } from '../../../core/errors.js';
import { pageOf } from '../../../core/paging.js';
import { idParams, problemResponses, type ModuleRoutes } from '../../../http/types.js';
import {
  IMPORT_MAX_BYTES,
  importCreateQuery,
  importJobOut,
  importJobSummary,
  importListQuery,
  XLSX_MIME,
} from './contracts.js';
import { failInterruptedImports, getImport, importTemplate, listImports, startImport } from './jobs.js';

const tags = ['people'];

/**
 * Imports from a CSV or XLSX file: a job started, listed, read; the empty templates. The content-type
 * parser and the start-up hook go to the people plugin these routes share with the other parts
 * (routes.ts), as before the split.
 */
export const importRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  // The file is the raw body: CSV or XLSX, up to IMPORT_MAX_BYTES, in the people plugin only.
  app.addContentTypeParser(
    ['text/csv', XLSX_MIME, 'application/vnd.ms-excel', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES },
    (_req, body, done) => done(null, body),
  );
  app.addHook('onReady', async () => {
    await failInterruptedImports(orm);
  });

  app.post('/people/imports', {
    bodyLimit: IMPORT_MAX_BYTES,
    schema: {
      tags,
      summary:
        'Import households and residents of a commune from a CSV or XLSX file (the raw body); runs as a job (202)',
      querystring: importCreateQuery,
      response: { 202: importJobOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      if (!Buffer.isBuffer(req.body))
        throw new AppError('unsupported-media-type', 'Send the file as text/csv or as an .xlsx workbook', {
          errors: [
            {
              path: 'body',
              code: 'unsupported_media_type',
              message: `content type text/csv or ${XLSX_MIME}`,
            },
          ],
        });
      const job = await startImport(orm, req.actor(), req.query, req.body);
      return reply.status(202).send(job);
    },
  });

  app.get('/people/imports', {
    schema: {
      tags,
      summary: 'Imports into your area, newest first (without their error rows)',
      querystring: importListQuery,
      response: { 200: pageOf(importJobSummary), ...problemResponses },
    },
    handler: async (req) => {
      const { limit, offset, ...filter } = req.query;
      return listImports(orm, req.actor(), filter, { limit, offset });
    },
  });

  for (const format of ['csv', 'xlsx'] as const)
    app.get(`/people/imports/template.${format}`, {
      schema: { tags, summary: `The empty ${format.toUpperCase()} template with the Vietnamese headers` },
      handler: async (req, reply) => {
        const t = await importTemplate(req.actor(), format);
        return reply
          .header('content-type', t.contentType)
          .header('content-disposition', `attachment; filename="${t.fileName}"`)
          .send(t.body);
      },
    });

  app.get('/people/imports/:id', {
    schema: {
      tags,
      summary: 'An import: its status, progress and error rows',
      params: idParams,
      response: { 200: importJobOut, ...problemResponses },
    },
    handler: async (req) => getImport(orm, req.actor(), req.params.id),
  });
};
