import { z } from 'zod';
import { problemResponses, type ModuleRoutes } from '../../http/types.js';
import {
  childGrowthOut,
  curveOut,
  measurementInput,
  measurementOut,
  nutritionListOut,
  zscoreInput,
  zscoresOut,
} from './contracts.js';
import { childGrowth, computeZScores, nutritionList, recordMeasurement, referenceCurves } from './service.js';

const tags = ['growth'];
const residentParams = z.object({ residentId: z.uuid() });

export const growthRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.post('/growth/zscores', {
    schema: {
      tags,
      summary:
        'Z-scores of one measurement by the WHO 2006 standards (WHO 2007 from 61 months), as WHO anthro computes them; nothing is stored',
      body: zscoreInput,
      response: { 200: zscoresOut, ...problemResponses },
    },
    handler: async (req) => computeZScores(orm, req.body),
  });

  app.get('/growth/curves', {
    schema: {
      tags,
      summary: 'A WHO 2006 reference curve set (−3…+3 SD) for the growth chart',
      querystring: z.object({
        indicator: z.enum(['wfa', 'lhfa', 'wfl', 'wfh', 'bmifa', 'hcfa', 'acfa']),
        sex: z.enum(['male', 'female']),
      }),
      response: { 200: curveOut, ...problemResponses },
    },
    handler: async (req) => referenceCurves(orm, req.query.indicator, req.query.sex),
  });

  app.get('/growth/children/:residentId', {
    schema: {
      tags,
      summary: "A child's measurements with their z-scores and nutrition statuses (newest first)",
      params: residentParams,
      response: { 200: childGrowthOut, ...problemResponses },
    },
    handler: async (req) => childGrowth(orm, req.actor(), req.params.residentId),
  });

  app.post('/growth/children/:residentId/measurements', {
    schema: {
      tags,
      summary: "Record a child's measurement (weight, length/height lying or standing, head, MUAC, oedema)",
      params: residentParams,
      body: measurementInput,
      response: { 201: measurementOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return recordMeasurement(orm, req.actor(), req.params.residentId, req.body);
    },
  });

  app.get('/growth/nutrition-list', {
    schema: {
      tags,
      summary:
        "Children under 5 below −2 SD at their latest measurement of the last 12 months, by hamlet (the actor's area, or a unit in it)",
      querystring: z.object({
        unit: z
          .string()
          .regex(/^(VN|\d{2}|\d{3}|\d{5}|\d{5}-\d{3})$/, 'must be a unit code')
          .optional(),
      }),
      response: { 200: nutritionListOut, ...problemResponses },
    },
    handler: async (req) => nutritionList(orm, req.actor(), req.query.unit),
  });
};
