import { z } from 'zod';
import { pagingQuery } from '../../../core/paging.js';
import { idParams, problemResponses, sendJsonText, type ModuleRoutes } from '../../../http/types.js';
import { unitCode } from '../../network/index.js';
import { residentCreated } from '../duplicates/contracts.js';
import {
  RESIDENT_STATUSES,
  residentInput,
  residentOut,
  residentPatch,
  residentSearchPage,
  residentUpdated,
} from './contracts.js';
import { SEARCH_BOUND, searchResidentsJson } from './search.js';
import { createResidentJson, getResidentJson, updateResident } from './service.js';

const tags = ['people'];

/** Residents: search and lists, registration, the profile, changes of identity fields. */
export const residentRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.get('/residents', {
    schema: {
      tags,
      summary: `Search residents (best match first) by name with or without diacritics, personal ID, insurance code, phone, birth year or hamlet; or list them. Outside one commune at most ${SEARCH_BOUND} matches are ranked and counted: \`moreThanTotal\` says there are more`,
      querystring: pagingQuery.extend({
        q: z.string().trim().min(2).max(100).optional(),
        unit: unitCode.optional(),
        household: z.uuid().optional(),
        status: z.enum([...RESIDENT_STATUSES, 'all']).optional(),
      }),
      response: {
        200: residentSearchPage,
        ...problemResponses,
      },
    },
    handler: async (req, reply) => {
      const { limit, offset, ...filter } = req.query;
      return sendJsonText(reply, await searchResidentsJson(orm, req.actor(), filter, { limit, offset }));
    },
  });

  app.post('/residents', {
    schema: {
      tags,
      summary: 'Register a resident; likely duplicates come back as warnings',
      body: residentInput,
      response: { 201: residentCreated, ...problemResponses },
    },
    handler: async (req, reply) =>
      sendJsonText(reply.status(201), await createResidentJson(orm, req.actor(), req.body)),
  });

  app.get('/residents/:id', {
    schema: {
      tags,
      summary: "A resident's profile",
      params: idParams,
      response: { 200: residentOut, ...problemResponses },
    },
    handler: async (req, reply) =>
      sendJsonText(reply, await getResidentJson(orm, req.actor(), req.params.id)),
  });

  app.patch('/residents/:id', {
    schema: {
      tags,
      summary: 'Correct identity fields, phones, address within the commune, household membership',
      params: idParams,
      body: residentPatch,
      response: { 200: residentUpdated, ...problemResponses },
    },
    handler: async (req) => updateResident(orm, req.actor(), req.params.id, req.body),
  });
};
