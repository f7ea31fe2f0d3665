import { problemResponses, type ModuleRoutes } from '../../http/types.js';
import { worklistOut, worklistQuery } from './contracts.js';
import { worklist } from './service.js';

const tags = ['worklist'];

export const worklistRoutes: ModuleRoutes = async (app, { db }) => {
  app.get('/worklist', {
    schema: {
      tags,
      summary:
        "What is due today or overdue for the actor's station (commune) or hamlet: re-examinations, programme follow-ups … (audited)",
      querystring: worklistQuery,
      response: { 200: worklistOut, ...problemResponses },
    },
    handler: async (req) => worklist(db.orm, req.actor(), req.query),
  });
};
