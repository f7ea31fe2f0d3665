import { z } from 'zod';
import { sendDownload } from '../../core/downloads.js';
import { problemResponses, type ModuleRoutes } from '../../http/types.js';
import { planInput, planList, planOut, planProgressOut, planUpdate } from './contracts.js';
import { reviewPdf, reviewWorkbook } from './review.js';
import { createPlan, getPlan, listPlans, planProgress, updatePlan } from './service.js';

const tags = ['plans'];
const idParams = z.object({ id: z.uuid() });
const period = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, 'must be YYYY, YYYY-MM or YYYY-Qn');

export const plansRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.get('/plans', {
    schema: {
      tags,
      summary: "Plans of the caller's scope (or under a unit)",
      querystring: z.object({
        unit: z
          .string()
          .regex(/^([0-9]{2}|[0-9]{5})$/)
          .optional(),
      }),
      response: { 200: planList, ...problemResponses },
    },
    handler: async (req) => ({ items: await listPlans(orm, req.actor(), req.query.unit) }),
  });

  app.post('/plans', {
    schema: {
      tags,
      summary:
        'Create a plan: its targets with deadlines and responsible agencies, each linked to an indicator',
      body: planInput,
      response: { 201: planOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return createPlan(orm, req.actor(), req.body);
    },
  });

  app.get('/plans/:id', {
    schema: {
      tags,
      summary: 'A plan and its targets',
      params: idParams,
      response: { 200: planOut, ...problemResponses },
    },
    handler: async (req) => getPlan(orm, req.actor(), req.params.id),
  });

  app.put('/plans/:id', {
    schema: {
      tags,
      summary:
        "Edit a plan: its head and its targets in order (a target's id keeps it; one left out is removed)",
      params: idParams,
      body: planUpdate,
      response: { 200: planOut, ...problemResponses },
    },
    handler: async (req) => updatePlan(orm, req.actor(), req.params.id, req.body),
  });

  app.get('/plans/:id/progress', {
    schema: {
      tags,
      summary: "A plan's targets against the live indicators for a period, and by agency",
      params: idParams,
      querystring: z.object({ period }),
      response: { 200: planProgressOut, ...problemResponses },
    },
    handler: async (req) => planProgress(orm, req.actor(), req.params.id, req.query.period),
  });

  app.get('/plans/:id/review.pdf', {
    schema: {
      tags,
      summary:
        'The periodic review (sơ kết, or tổng kết once the plan has ended) of a plan for a period, as PDF',
      params: idParams,
      querystring: z.object({ period, lang: z.enum(['vi', 'en']).default('vi') }),
      response: problemResponses,
    },
    handler: async (req, reply) => {
      const file = await reviewPdf(orm, req.actor(), req.params.id, req.query.period, req.query.lang);
      return sendDownload(reply, { format: 'pdf', fileName: file.name, body: file.file });
    },
  });

  app.get('/plans/:id/review.xlsx', {
    schema: {
      tags,
      summary: 'The periodic review of a plan for a period, as an Excel workbook',
      params: idParams,
      querystring: z.object({ period, lang: z.enum(['vi', 'en']).default('vi') }),
      response: problemResponses,
    },
    handler: async (req, reply) => {
      const file = await reviewWorkbook(orm, req.actor(), req.params.id, req.query.period, req.query.lang);
      return sendDownload(reply, { format: 'xlsx', fileName: file.name, body: file.file });
    },
  });
};
