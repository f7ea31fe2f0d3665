import { z } from 'zod';
import { problemResponses, type ModuleRoutes } from '../../../http/types.js';
import { unitCode } from '../../network/index.js';
import { coverageOut } from './contracts.js';
import { coverage } from './service.js';

const tags = ['people'];

/** Coverage of a unit on a day (targets T3 and T5). */
export const coverageRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.get('/people/coverage', {
    schema: {
      tags,
      summary: 'Insured (T3) and health-managed (T5) residents of a unit on a day',
      querystring: z.object({ unit: unitCode.optional(), on: z.iso.date().optional() }),
      response: { 200: coverageOut, ...problemResponses },
    },
    handler: async (req) => coverage(orm, req.actor(), req.query),
  });
};
