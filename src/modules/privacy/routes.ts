import { z } from 'zod';
import { contentDisposition } from '../../core/downloads.js';
import { pageOf, pagingQuery } from '../../core/paging.js';
import { idParams, problemResponses, type ModuleRoutes } from '../../http/types.js';
import {
  erasureRequestInput,
  personalDataExport,
  personalDataRequestOut,
  requestDecisionInput,
  retentionRuleSet,
  retentionRuleSetOut,
} from './contracts.js';
import {
  decideRequest,
  exportPersonalData,
  getRequest,
  listRequests,
  listRetentionRules,
  loadRetentionRules,
  requestErasure,
} from './service.js';

const tags = ['privacy'];
const residentParams = z.object({ residentId: z.uuid() });

/** A person's data requests over HTTP (Nghị định 13/2023/NĐ-CP; docs/adr/0036). */
export const privacyRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.get('/privacy/residents/:residentId/export', {
    schema: {
      tags,
      summary: 'Everything ytcs holds on a person, for the person (right of access): JSON, audited',
      params: residentParams,
      response: { 200: personalDataExport, ...problemResponses },
    },
    handler: async (req, reply) => {
      const data = await exportPersonalData(orm, req.actor(), req.params.residentId);
      reply.header(
        'content-disposition',
        contentDisposition(`du-lieu-ca-nhan-${req.params.residentId}.json`),
      );
      return data;
    },
  });

  app.post('/privacy/residents/:residentId/erasure-requests', {
    schema: {
      tags,
      summary: "Record a person's request to erase their data, with what the retention rules allow",
      params: residentParams,
      body: erasureRequestInput,
      response: { 201: personalDataRequestOut, ...problemResponses },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await requestErasure(orm, req.actor(), req.params.residentId, req.body)),
  });

  app.get('/privacy/requests', {
    schema: {
      tags,
      summary: 'Personal data requests of your area, newest first',
      querystring: pagingQuery.extend({
        status: z.enum(['received', 'carried_out', 'refused']).optional(),
        residentId: z.uuid().optional(),
      }),
      response: { 200: pageOf(personalDataRequestOut), ...problemResponses },
    },
    handler: async (req) => {
      const { limit, offset, ...filter } = req.query;
      return listRequests(orm, req.actor(), filter, { limit, offset });
    },
  });

  app.get('/privacy/requests/:id', {
    schema: { tags, params: idParams, response: { 200: personalDataRequestOut, ...problemResponses } },
    handler: async (req) => getRequest(orm, req.actor(), req.params.id),
  });

  app.post('/privacy/requests/:id/decision', {
    schema: {
      tags,
      summary: 'Carry out an erasure request (what the rules allow) or refuse it with the reason',
      params: idParams,
      body: requestDecisionInput,
      response: { 200: personalDataRequestOut, ...problemResponses },
    },
    handler: async (req) => decideRequest(orm, req.actor(), req.params.id, req.body),
  });

  app.get('/privacy/retention-rules', {
    schema: {
      tags,
      summary: 'The retention rules, every version, newest first',
      response: { 200: z.array(retentionRuleSetOut), ...problemResponses },
    },
    handler: async (req) => {
      req.actor();
      return listRetentionRules(orm);
    },
  });

  app.put('/privacy/retention-rules', {
    schema: {
      tags,
      summary: 'Load a new version of the retention rules (national administrators)',
      body: retentionRuleSet,
      response: { 204: z.null(), ...problemResponses },
    },
    handler: async (req, reply) => {
      await loadRetentionRules(orm, req.actor(), req.body);
      return reply.status(204).send(null);
    },
  });
};
