import { z } from 'zod';
import { requirePermission } from '../../core/actor.js';
import { sendDownload } from '../../core/downloads.js';
import { idParams, problemResponses, type ModuleRoutes } from '../../http/types.js';
import {
  aefiInput,
  aefiOut,
  cardOut,
  conditionInput,
  forecastOut,
  forecastRequest,
  recordDosesInput,
  registerOut,
  registerQuery,
  scheduleImportInput,
  scheduleImportOut,
  scheduleOut,
  sessionListOut,
  sessionListQuery,
  sessionRecordInput,
  voidInput,
  lotImportInput,
  lotImportOut,
  lotInput,
  lotOut,
  lotsQuery,
  vialUseInput,
  vialUseOut,
  vialUseQuery,
} from './contracts.js';
import { addLot, importLots, listLots } from './lots.js';
import { recordVialUse, vialUseSummary } from './vials.js';
import { describeSchedule, importSchedule } from './schedule.js';
import {
  addCondition,
  childCard,
  forecastFor,
  recordDoses,
  refreshAllForecasts,
  reportAefi,
  seriousAefi,
  voidVaccination,
} from './service.js';
import { recordSession, sessionList } from './session.js';
import { immunizationRegister, registerDocument } from './register.js';
import { registerPdf, registerWorkbook } from '../../core/register-files.js';

const tags = ['immunization'];

export const immunizationRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.post('/immunization/forecast', {
    schema: {
      tags,
      summary:
        'Forecast with catch-up from a birth date and the doses given: per dose of the schedule in force, its dates, status and reason (stores nothing)',
      body: forecastRequest,
      response: { 200: forecastOut, ...problemResponses },
    },
    handler: async (req) => {
      requirePermission(req.actor(), 'network.read');
      return forecastFor(orm, req.body);
    },
  });

  app.get('/immunization/schedule', {
    schema: {
      tags,
      summary: 'The immunization schedule in force: vaccines, doses with their ages, validity and sources',
      response: { 200: scheduleOut, ...problemResponses },
    },
    handler: async (req) => {
      requirePermission(req.actor(), 'network.read');
      return describeSchedule(orm);
    },
  });

  app.post('/immunization/schedule', {
    schema: {
      tags,
      summary:
        'Load a new version of the schedule from a CSV or XLSX file (dryRun: check only); errors by row and column',
      body: scheduleImportInput,
      response: { 200: scheduleImportOut, ...problemResponses },
    },
    handler: async (req) =>
      importSchedule(
        orm,
        req.actor(),
        {
          fileName: req.body.fileName,
          bytes: Buffer.from(req.body.contentBase64, 'base64'),
          dryRun: req.body.dryRun,
        },
        async (tx) => void (await refreshAllForecasts(tx)),
      ),
  });

  app.get('/residents/:id/immunization', {
    schema: {
      tags,
      summary: "A child's immunization card: doses given, conditions, adverse events and the forecast",
      params: idParams,
      response: { 200: cardOut, ...problemResponses },
    },
    handler: async (req) => childCard(orm, req.actor(), req.params.id),
  });

  app.post('/residents/:id/vaccinations', {
    schema: {
      tags,
      summary: 'Record doses given to a child, here or elsewhere (answers the card)',
      params: idParams,
      body: recordDosesInput,
      response: { 201: cardOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return recordDoses(orm, req.actor(), req.params.id, req.body.doses);
    },
  });

  app.post('/vaccinations/:id/void', {
    schema: {
      tags,
      summary: 'Void a dose recorded by mistake (kept, no longer counted)',
      params: idParams,
      body: voidInput,
      response: { 200: cardOut, ...problemResponses },
    },
    handler: async (req) => voidVaccination(orm, req.actor(), req.params.id, req.body.reason),
  });

  app.post('/residents/:id/immunization-conditions', {
    schema: {
      tags,
      summary: 'Note a condition found at screening that rules doses out while it holds',
      params: idParams,
      body: conditionInput,
      response: { 201: cardOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return addCondition(orm, req.actor(), req.params.id, req.body);
    },
  });

  app.post('/immunization/aefi', {
    schema: {
      tags,
      summary: 'Report an adverse event following immunization (serious ones are flagged to the upper level)',
      body: aefiInput,
      response: { 201: aefiOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return reportAefi(orm, req.actor(), req.body);
    },
  });

  app.get('/immunization/aefi/serious', {
    schema: {
      tags,
      summary: "Serious adverse events of the actor's area, newest first",
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: { 200: z.array(aefiOut), ...problemResponses },
    },
    handler: async (req) => seriousAefi(orm, req.actor(), req.query.limit),
  });

  app.get('/immunization/register', {
    schema: {
      tags,
      summary: 'The immunization register (sổ tiêm chủng) of a commune or hamlet for a month',
      querystring: registerQuery,
      response: { 200: registerOut, ...problemResponses },
    },
    handler: async (req) => immunizationRegister(orm, req.actor(), req.query.month, req.query.unit),
  });

  for (const format of ['xlsx', 'pdf'] as const)
    app.get(`/immunization/register.${format}`, {
      schema: {
        tags,
        summary: `The immunization register of a month as ${format === 'pdf' ? 'PDF' : 'Excel'}`,
        querystring: registerQuery,
      },
      handler: async (req, reply) => {
        const register = await immunizationRegister(orm, req.actor(), req.query.month, req.query.unit);
        const doc = registerDocument(register);
        return sendDownload(reply, {
          format,
          fileName: `tiem-chung-${register.unit.code}-${register.month}.${format}`,
          body: format === 'pdf' ? await registerPdf(doc) : await registerWorkbook(doc),
        });
      },
    });

  app.get('/immunization/lots', {
    schema: {
      tags,
      summary: "A province's list of vaccine lots (the actor's own province; an administrator names it)",
      querystring: lotsQuery,
      response: { 200: z.array(lotOut), ...problemResponses },
    },
    handler: async (req) => listLots(orm, req.actor(), req.query),
  });

  app.post('/immunization/lots', {
    schema: {
      tags,
      summary: "Add one lot to a province's list of vaccine lots",
      body: lotInput,
      response: { 201: lotOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return addLot(orm, req.actor(), req.body);
    },
  });

  app.post('/immunization/lots/import', {
    schema: {
      tags,
      summary:
        "Load vaccine lots into a province's list from a CSV or XLSX file (dryRun: check only); errors by row",
      body: lotImportInput,
      response: { 200: lotImportOut, ...problemResponses },
    },
    handler: async (req) =>
      importLots(orm, req.actor(), {
        fileName: req.body.fileName,
        bytes: Buffer.from(req.body.contentBase64, 'base64'),
        dryRun: req.body.dryRun,
        province: req.body.province,
      }),
  });

  app.get('/immunization/vial-use', {
    schema: {
      tags,
      summary:
        "A month's vial use and wastage of a commune or hamlet: per station, day, vaccine and lot, and per vaccine",
      querystring: vialUseQuery,
      response: { 200: vialUseOut, ...problemResponses },
    },
    handler: async (req) => vialUseSummary(orm, req.actor(), req.query),
  });

  app.post('/immunization/vial-use', {
    schema: {
      tags,
      summary: "Record the vials opened at a station's session day (answers the day's vial use and wastage)",
      body: vialUseInput,
      response: { 200: vialUseOut, ...problemResponses },
    },
    handler: async (req) => recordVialUse(orm, req.actor(), req.body),
  });

  app.get('/immunization/session', {
    schema: {
      tags,
      summary:
        "A session day's list: children of a commune (or hamlet) with a dose due or overdue, by hamlet",
      querystring: sessionListQuery,
      response: { 200: sessionListOut, ...problemResponses },
    },
    handler: async (req) => sessionList(orm, req.actor(), req.query),
  });

  app.post('/immunization/session', {
    schema: {
      tags,
      summary: "Record a session day's doses in a row (all or nothing)",
      body: sessionRecordInput,
      response: { 201: z.object({ recorded: z.number() }), ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return recordSession(orm, req.actor(), req.body);
    },
  });
};
