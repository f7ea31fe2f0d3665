import { z } from 'zod';
import { problemResponses, type ModuleRoutes } from '../../http/types.js';
import { codeValueOut } from './contracts.js';
import { codesValidOn } from './service.js';

const isoDate = z.iso.date();

/** The versioned code lists (danh mục dùng chung) over HTTP: every signed-in user may read them. */
export const terminologyRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.get('/codes/:system', {
    schema: {
      tags: ['terminology'],
      summary: 'A versioned code list, as valid on a date (default today)',
      params: z.object({
        system: z.string().regex(/^[a-z0-9-]{2,40}$/, 'lower-case letters, digits and dashes'),
      }),
      querystring: z.object({ on: isoDate.optional() }),
      response: { 200: z.array(codeValueOut), ...problemResponses },
    },
    handler: async (req) => {
      req.actor();
      return codesValidOn(orm, req.params.system, req.query.on);
    },
  });
};
