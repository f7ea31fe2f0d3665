import type { ModuleRoutes } from '../../http/types.js';
import { cardRoutes } from './cards/routes.js';
import { coverageRoutes } from './coverage/routes.js';
import { duplicateRoutes } from './duplicates/routes.js';
import { eventRoutes } from './events/routes.js';
import { householdRoutes } from './households/routes.js';
import { importRoutes } from './import/routes.js';
import { recordRoutes } from './records/routes.js';
import { residentRoutes } from './residents/routes.js';

/**
 * The people module's routes, one file per part, registered into one Fastify plugin (src/server.ts
 * registers it): the parts share its scope, as the import's content-type parser and start-up hook do.
 */
export const peopleRoutes: ModuleRoutes = async (app, options) => {
  for (const routes of [
    residentRoutes,
    duplicateRoutes,
    cardRoutes,
    eventRoutes,
    recordRoutes,
    householdRoutes,
    importRoutes,
    coverageRoutes,
  ])
    await routes(app, options);
};
