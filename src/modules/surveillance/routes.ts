import { z } from 'zod';
import { sendDownload } from '../../core/downloads.js';
import { idParams, problemResponses, type ModuleRoutes } from '../../http/types.js';
import { registerPdf, registerWorkbook, type RegisterDocument } from '../../core/register-files.js';
import { pageOf } from '../../core/paging.js';
import { today } from '../../core/clock.js';
import { requirePermission } from '../../core/actor.js';
import {
  alertActionInput,
  alertOut,
  alertQuery,
  campaignInput,
  campaignOut,
  caseInput,
  caseOut,
  caseQuery,
  caseUpdateInput,
  diseasesOut,
  formatsOut,
  registerA11Out,
  registerA6Out,
  registerQuery,
  sessionInput,
  sessionOut,
  weeklyOut,
  weeklyQuery,
} from './contracts.js';
import { actOnAlert, getAlert, listAlerts } from './alerts.js';
import { getCase, listCases, reportCase, residentCases, updateCase } from './cases.js';
import { registerA6 } from './deaths.js';
import { diseasesOn, formatsOn } from './definitions.js';
import { createCampaign, createSession, listCampaigns, listSessions, registerA11 } from './education.js';
import { a11Document, a6Document } from './register-files.js';
import { weeklyCounts } from './weekly.js';

const tags = ['surveillance'];
const dayQuery = z.object({ on: z.iso.date().optional() });

export const surveillanceRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.get('/surveillance/diseases', {
    schema: {
      tags,
      summary: 'The notifiable diseases in force on a day (default today): groups, deadlines, thresholds',
      querystring: dayQuery,
      response: { 200: diseasesOut, ...problemResponses },
    },
    handler: async (req) => {
      requirePermission(req.actor(), 'network.read');
      const { version, diseases } = await diseasesOn(orm, req.query.on ?? today(), 'query.on');
      return diseases.map((d) => ({ ...d, version }));
    },
  });

  app.post('/surveillance/cases', {
    schema: {
      tags,
      summary:
        'Report a case of a notifiable disease; the week is judged against the threshold at once (alerts raised)',
      body: caseInput,
      response: { 201: caseOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return reportCase(orm, req.actor(), req.body);
    },
  });

  app.get('/surveillance/cases', {
    schema: {
      tags,
      summary: "Cases of the actor's area (or a unit of it), newest onset first",
      querystring: caseQuery,
      response: { 200: pageOf(caseOut), ...problemResponses },
    },
    handler: async (req) => listCases(orm, req.actor(), req.query),
  });

  app.get('/surveillance/residents/:residentId/cases', {
    schema: {
      tags,
      summary: "A resident's case reports, newest onset first",
      params: z.object({ residentId: z.uuid() }),
      response: { 200: z.array(caseOut), ...problemResponses },
    },
    handler: async (req) => residentCases(orm, req.actor(), req.params.residentId),
  });

  app.get('/surveillance/cases/:id', {
    schema: { tags, summary: 'A case', params: idParams, response: { 200: caseOut, ...problemResponses } },
    handler: async (req) => getCase(orm, req.actor(), req.params.id),
  });

  app.patch('/surveillance/cases/:id', {
    schema: {
      tags,
      summary: 'Update a case (lab classification, hospitalisation, outcome); the week is judged again',
      params: idParams,
      body: caseUpdateInput,
      response: { 200: caseOut, ...problemResponses },
    },
    handler: async (req) => updateCase(orm, req.actor(), req.params.id, req.body),
  });

  app.get('/surveillance/weekly', {
    schema: {
      tags,
      summary:
        'Cases of a disease by epidemiological (ISO) week at a unit with each week’s threshold, and by child unit',
      querystring: weeklyQuery,
      response: { 200: weeklyOut, ...problemResponses },
    },
    handler: async (req) => weeklyCounts(orm, req.actor(), req.query),
  });

  app.get('/surveillance/alerts', {
    schema: {
      tags,
      summary: "Outbreak alerts of the actor's area, open ones first",
      querystring: alertQuery,
      response: { 200: pageOf(alertOut), ...problemResponses },
    },
    handler: async (req) => listAlerts(orm, req.actor(), req.query),
  });

  app.get('/surveillance/alerts/:id', {
    schema: {
      tags,
      summary: 'An outbreak alert',
      params: idParams,
      response: { 200: alertOut, ...problemResponses },
    },
    handler: async (req) => getAlert(orm, req.actor(), req.params.id),
  });

  app.post('/surveillance/alerts/:id', {
    schema: {
      tags,
      summary: 'Acknowledge or close an alert, with the response (upper level: outbreak.respond)',
      params: idParams,
      body: alertActionInput,
      response: { 200: alertOut, ...problemResponses },
    },
    handler: async (req) => actOnAlert(orm, req.actor(), req.params.id, req.body),
  });

  app.get('/surveillance/education/formats', {
    schema: {
      tags,
      summary: 'The formats of health communication in force on a day',
      querystring: dayQuery,
      response: { 200: formatsOut, ...problemResponses },
    },
    handler: async (req) => {
      requirePermission(req.actor(), 'network.read');
      return formatsOn(orm, req.query.on ?? today(), 'query.on');
    },
  });

  app.get('/surveillance/education/campaigns', {
    schema: {
      tags,
      summary: "Health communication campaigns of the actor's area",
      response: { 200: z.array(campaignOut), ...problemResponses },
    },
    handler: async (req) => listCampaigns(orm, req.actor()),
  });

  app.post('/surveillance/education/campaigns', {
    schema: {
      tags,
      summary: 'Create a health communication campaign',
      body: campaignInput,
      response: { 201: campaignOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return createCampaign(orm, req.actor(), req.body);
    },
  });

  app.get('/surveillance/education/sessions', {
    schema: {
      tags,
      summary: 'Health education sessions of a unit in a month',
      querystring: registerQuery,
      response: {
        200: z.object({
          unit: z.object({ code: z.string(), name: z.string() }),
          sessions: z.array(sessionOut),
        }),
        ...problemResponses,
      },
    },
    handler: async (req) => listSessions(orm, req.actor(), req.query),
  });

  app.post('/surveillance/education/sessions', {
    schema: {
      tags,
      summary: 'Record a health education session (register A11)',
      body: sessionInput,
      response: { 201: sessionOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return createSession(orm, req.actor(), req.body);
    },
  });

  app.get('/surveillance/registers/a11', {
    schema: {
      tags,
      summary: 'Register A11 (sổ truyền thông giáo dục sức khỏe) of a unit for a month',
      querystring: registerQuery,
      response: { 200: registerA11Out, ...problemResponses },
    },
    handler: async (req) => registerA11(orm, req.actor(), req.query),
  });

  app.get('/surveillance/registers/a6', {
    schema: {
      tags,
      summary: 'Register A6 (sổ tử vong) of a unit for a month, from the deaths recorded by people',
      querystring: registerQuery,
      response: { 200: registerA6Out, ...problemResponses },
    },
    handler: async (req) => registerA6(orm, req.actor(), req.query),
  });

  const files: Record<
    string,
    (q: z.infer<typeof registerQuery>, actor: Parameters<typeof registerA6>[1]) => Promise<RegisterDocument>
  > = {
    a6: async (q, actor) => a6Document(await registerA6(orm, actor, q)),
    a11: async (q, actor) => a11Document(await registerA11(orm, actor, q)),
  };
  for (const [register, document] of Object.entries(files))
    for (const format of ['xlsx', 'pdf'] as const)
      app.get(`/surveillance/registers/${register}.${format}`, {
        schema: {
          tags,
          summary: `Register ${register.toUpperCase()} of a unit for a month as ${format === 'pdf' ? 'PDF' : 'Excel'}`,
          querystring: registerQuery,
        },
        handler: async (req, reply) => {
          const doc = await document(req.query, req.actor());
          const body = format === 'pdf' ? await registerPdf(doc) : await registerWorkbook(doc);
          const fileName = `${register.toUpperCase()}-${req.query.month}.${format}`;
          return sendDownload(reply, { format, fileName, body });
        },
      });
};
