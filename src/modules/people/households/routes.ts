import { z } from 'zod';
import { pageOf, pagingQuery } from '../../../core/paging.js';
import { idParams, problemResponses, type ModuleRoutes } from '../../../http/types.js';
import { unitCode } from '../../network/index.js';
import { transferInput } from '../events/contracts.js';
import { transferHousehold } from '../events/transfers.js';
import { householdDetail, householdInput, householdOut, householdPatch } from './contracts.js';
import { createHousehold, getHousehold, listHouseholds, updateHousehold } from './service.js';

const boolish = z.enum(['true', 'false']).transform((v) => v === 'true');
const tags = ['people'];

/** Households: listed, registered with their members, read, changed, transferred to another commune. */
export const householdRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.get('/households', {
    schema: {
      tags,
      summary: 'Households of your area (search by a member name or the household code)',
      querystring: pagingQuery.extend({
        unit: unitCode.optional(),
        q: z.string().trim().min(1).max(100).optional(),
        all: boolish.optional(),
      }),
      response: { 200: pageOf(householdOut), ...problemResponses },
    },
    handler: async (req) => {
      const { limit, offset, ...filter } = req.query;
      return listHouseholds(orm, req.actor(), filter, { limit, offset });
    },
  });

  app.post('/households', {
    schema: {
      tags,
      summary: 'Register a household with its members (one of them the head)',
      body: householdInput,
      response: { 201: householdDetail, ...problemResponses },
    },
    handler: async (req, reply) => reply.status(201).send(await createHousehold(orm, req.actor(), req.body)),
  });

  app.get('/households/:id', {
    schema: { tags, params: idParams, response: { 200: householdDetail, ...problemResponses } },
    handler: async (req) => getHousehold(orm, req.actor(), req.params.id),
  });

  app.patch('/households/:id', {
    schema: {
      tags,
      summary: 'Change the address (within the commune), the code or the head of a household',
      params: idParams,
      body: householdPatch,
      response: { 200: householdDetail, ...problemResponses },
    },
    handler: async (req) => updateHousehold(orm, req.actor(), req.params.id, req.body),
  });

  // The transfer itself is the events part's (transfers.ts): life events in both communes' registers.
  app.post('/households/:id/transfer', {
    schema: {
      tags,
      summary: 'Transfer a household and its living members to another commune',
      params: idParams,
      body: transferInput,
      response: {
        200: z.object({ householdId: z.uuid(), unitPath: z.string(), residentIds: z.array(z.uuid()) }),
        ...problemResponses,
      },
    },
    handler: async (req) => transferHousehold(orm, req.actor(), req.params.id, req.body),
  });
};
