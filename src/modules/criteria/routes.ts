import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendDownload } from '../../core/downloads.js';
import type { Database } from '../../db/connection.js';
import { problemResponses } from '../../http/types.js';
import {
  ASSESSMENT_STATUSES,
  assessmentCreate,
  assessmentList,
  assessmentOut,
  assessmentUpdate,
  criteriaFileResult,
  criteriaFileUpload,
  criteriaSetDefinition,
  criteriaSetOut,
  evidenceInput,
  reviewInput,
} from './contracts.js';
import {
  addEvidence,
  evidenceFile,
  getAssessment,
  listAssessments,
  listCriteriaSets,
  loadCriteriaFile,
  loadCriteriaSet,
  openAssessment,
  reviewAssessment,
  submitAssessment,
  updateAssessment,
  type IndicatorValuesReader,
} from './service.js';

const tags = ['criteria'];
const idParams = z.object({ id: z.uuid() });

/** The criteria routes; `indicatorValues` (the indicators module's, handed in by the server) pre-fills T3 and T5. */
export const criteriaRoutes: FastifyPluginAsyncZod<{
  db: Database;
  indicatorValues?: IndicatorValuesReader;
}> = async (app, { db, indicatorValues }) => {
  const orm = db.orm;

  app.get('/criteria/sets', {
    schema: {
      tags,
      summary: 'The versions of the national commune health criteria',
      response: { 200: z.object({ items: z.array(criteriaSetOut) }), ...problemResponses },
    },
    handler: async (req) => ({ items: await listCriteriaSets(orm, req.actor()) }),
  });

  app.post('/criteria/sets', {
    schema: {
      tags,
      summary:
        'Load a version of the criteria (criteria, indicators with points, knock-outs, pass rule, validity)',
      body: criteriaSetDefinition,
      response: { 201: criteriaSetOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return loadCriteriaSet(orm, req.actor(), req.body);
    },
  });

  app.post('/criteria/sets/file', {
    schema: {
      tags,
      summary:
        'Load a version of the criteria from a CSV or XLSX table (criterion and indicator rows; dryRun: check only); errors by row and column',
      body: criteriaFileUpload,
      response: { 200: criteriaFileResult, ...problemResponses },
    },
    handler: async (req) => loadCriteriaFile(orm, req.actor(), req.body),
  });

  app.get('/criteria/assessments', {
    schema: {
      tags,
      summary: "Self-assessments in the caller's scope (or under a unit)",
      querystring: z.object({
        unit: z
          .string()
          .regex(/^([0-9]{2}|[0-9]{5})$/)
          .optional(),
        status: z.enum(ASSESSMENT_STATUSES).optional(),
        year: z.coerce.number().int().min(2023).max(2100).optional(),
      }),
      response: { 200: assessmentList, ...problemResponses },
    },
    handler: async (req) => ({
      items: await listAssessments(orm, req.actor(), {
        unitCode: req.query.unit,
        status: req.query.status,
        year: req.query.year,
      }),
    }),
  });

  app.post('/criteria/assessments', {
    schema: {
      tags,
      summary: "Open a commune's self-assessment for a year, pre-filled from what ytcs knows",
      body: assessmentCreate,
      response: { 201: assessmentOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return openAssessment(orm, req.actor(), req.body, indicatorValues);
    },
  });

  app.get('/criteria/assessments/:id', {
    schema: {
      tags,
      summary: 'A self-assessment with its score',
      params: idParams,
      response: { 200: assessmentOut, ...problemResponses },
    },
    handler: async (req) => getAssessment(orm, req.actor(), req.params.id),
  });

  app.put('/criteria/assessments/:id', {
    schema: {
      tags,
      summary: 'Save the points per indicator (draft or returned)',
      params: idParams,
      body: assessmentUpdate,
      response: { 200: assessmentOut, ...problemResponses },
    },
    handler: async (req) => updateAssessment(orm, req.actor(), req.params.id, req.body),
  });

  app.post('/criteria/assessments/:id/submit', {
    schema: {
      tags,
      summary: 'Submit to the upper level',
      params: idParams,
      response: { 200: assessmentOut, ...problemResponses },
    },
    handler: async (req) => submitAssessment(orm, req.actor(), req.params.id),
  });

  app.post('/criteria/assessments/:id/review', {
    schema: {
      tags,
      summary: 'Approve a submitted assessment (the result stands 3 years) or return it with a note',
      params: idParams,
      body: reviewInput,
      response: { 200: assessmentOut, ...problemResponses },
    },
    handler: async (req) => reviewAssessment(orm, req.actor(), req.params.id, req.body),
  });

  app.post('/criteria/assessments/:id/evidence', {
    schema: {
      tags,
      summary: 'Attach an evidence file (PDF, JPEG, PNG; at most 2 MB)',
      params: idParams,
      body: evidenceInput,
      response: { 201: assessmentOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return addEvidence(orm, req.actor(), req.params.id, req.body);
    },
  });

  app.get('/criteria/assessments/:id/evidence/:fileId', {
    schema: {
      tags,
      summary: 'Download an evidence file',
      params: z.object({ id: z.uuid(), fileId: z.uuid() }),
    },
    handler: async (req, reply) => {
      const f = await evidenceFile(orm, req.actor(), req.params.id, req.params.fileId);
      return sendDownload(reply, {
        format: { mediaType: f.mediaType },
        fileName: f.fileName,
        body: f.content,
      });
    },
  });
};
