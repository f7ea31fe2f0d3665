import { z } from 'zod';
import { problemResponses, type ModuleRoutes } from '../../http/types.js';
import {
  publicAnswerInput,
  publicAnswerOut,
  publicSurveyOut,
  stationResults as stationResultsOut,
  surveyLinkList,
  surveyLinkOut,
} from './contracts.js';
import { answerPublicSurvey, listLinks, openPublicSurvey, stationLink, stationResults } from './service.js';

const tags = ['satisfaction'];
const keyParams = z.object({ key: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });
/** Answers and forms opened a minute from one address (the public routes' abuse limit). */
export const SURVEY_OPENS_PER_MINUTE = Number(process.env.YTCS_SURVEY_OPEN_RATE_LIMIT ?? 20);
export const SURVEY_ANSWERS_PER_MINUTE = Number(process.env.YTCS_SURVEY_ANSWER_RATE_LIMIT ?? 5);
const day = z.iso.date();

export const satisfactionRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.get('/satisfaction/links', {
    schema: {
      tags,
      summary: "The stations' public survey links in the caller's scope",
      response: { 200: surveyLinkList, ...problemResponses },
    },
    handler: async (req) => ({ items: await listLinks(orm, req.actor()) }),
  });

  app.post('/satisfaction/stations/:facilityId/link', {
    schema: {
      tags,
      summary: "The station's public survey link (made on first request)",
      params: z.object({ facilityId: z.uuid() }),
      response: { 200: surveyLinkOut, ...problemResponses },
    },
    handler: async (req) => stationLink(orm, req.actor(), req.params.facilityId),
  });

  app.get('/satisfaction/stations/:facilityId/results', {
    schema: {
      tags,
      summary: "A station's answers over a period: satisfied share and per question",
      params: z.object({ facilityId: z.uuid() }),
      querystring: z.object({ from: day, to: day }),
      response: { 200: stationResultsOut, ...problemResponses },
    },
    handler: async (req) => stationResults(orm, req.actor(), req.params.facilityId, req.query),
  });

  // Public: no sign-in, rate-limited by address; nothing about the person answering is stored.
  app.get('/public/surveys/:key', {
    config: { public: true, rateLimit: { max: SURVEY_OPENS_PER_MINUTE, timeWindow: '1 minute' } },
    schema: {
      tags,
      summary: 'Open a station’s survey form (no sign-in): the form and a one-answer token',
      params: keyParams,
      response: { 200: publicSurveyOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return openPublicSurvey(orm, req.params.key);
    },
  });

  app.post('/public/surveys/:key/answers', {
    config: { public: true, rateLimit: { max: SURVEY_ANSWERS_PER_MINUTE, timeWindow: '1 minute' } },
    schema: {
      tags,
      summary: 'Send an anonymous answer (no sign-in), once per token',
      params: keyParams,
      body: publicAnswerInput,
      response: { 201: publicAnswerOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return answerPublicSurvey(orm, req.params.key, req.body);
    },
  });
};
