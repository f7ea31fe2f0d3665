import { z } from 'zod';
import { sendDownload } from '../../core/downloads.js';
import { idParams, problemResponses, type ModuleRoutes } from '../../http/types.js';
import {
  fpEpisodeOut,
  fpStartInput,
  fpStopInput,
  registerA5Out,
  antenatalInput,
  outcomeInput,
  postnatalInput,
  pregnancyInput,
  pregnancyOut,
  registerA3Row,
  registerA4Row,
} from './contracts.js';
import {
  listPregnancies,
  recordAntenatal,
  recordOutcome,
  recordPostnatal,
  registerA3,
  registerA4,
  registerPregnancy,
} from './service.js';
import { listMethods, registerA5, startMethod, stopMethod } from './family-planning.js';
import { a3Document, a4Document, a5Document } from './register-files.js';
import { registerArea } from './area.js';
import { registerPdf, registerWorkbook, type RegisterDocument } from '../../core/register-files.js';
import type { Actor } from '../../core/actor.js';

const monthQuery = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM'),
  /** One unit of the actor's area (its code); the whole area without it. */
  unit: z
    .string()
    .regex(/^[0-9A-Za-z]{2,12}$/, 'must be a unit code')
    .optional(),
});

const tags = ['maternal'];
const residentParams = z.object({ residentId: z.uuid() });

export const maternalRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.get('/maternal/residents/:residentId/pregnancies', {
    schema: {
      tags,
      summary: "A woman's pregnancies (newest first) with their antenatal and postnatal contacts",
      params: residentParams,
      response: { 200: z.array(pregnancyOut), ...problemResponses },
    },
    handler: async (req) => listPregnancies(orm, req.actor(), req.params.residentId),
  });

  app.post('/maternal/residents/:residentId/pregnancies', {
    schema: {
      tags,
      summary:
        'Register a pregnancy (LMP or EDD, gravidity/parity, risk factors): the EDD and risk level are computed',
      params: residentParams,
      body: pregnancyInput,
      response: { 201: pregnancyOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return registerPregnancy(orm, req.actor(), req.params.residentId, req.body);
    },
  });

  app.post('/maternal/pregnancies/:id/antenatal', {
    schema: {
      tags,
      summary: 'Record an antenatal contact: a finished visit with the antenatal findings',
      params: idParams,
      body: antenatalInput,
      response: { 201: pregnancyOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return recordAntenatal(orm, req.actor(), req.params.id, req.body);
    },
  });

  app.post('/maternal/pregnancies/:id/outcome', {
    schema: {
      tags,
      summary: 'Record the delivery (place, attendant, mode, birth weight) or another end of the pregnancy',
      params: idParams,
      body: outcomeInput,
      response: { 200: pregnancyOut, ...problemResponses },
    },
    handler: async (req) => recordOutcome(orm, req.actor(), req.params.id, req.body),
  });

  app.post('/maternal/pregnancies/:id/postnatal', {
    schema: {
      tags,
      summary: 'Record a postnatal contact (mother and newborn): a finished visit with its findings',
      params: idParams,
      body: postnatalInput,
      response: { 201: pregnancyOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return recordPostnatal(orm, req.actor(), req.params.id, req.body);
    },
  });

  app.get('/maternal/registers/a3', {
    schema: {
      tags,
      summary: "Register A3 (sổ khám thai): the month's antenatal contacts in the actor's area",
      querystring: monthQuery,
      response: { 200: z.array(registerA3Row), ...problemResponses },
    },
    handler: async (req) =>
      registerA3(orm, req.actor(), req.query.month, await registerArea(orm, req.actor(), req.query.unit)),
  });

  app.get('/maternal/registers/a4', {
    schema: {
      tags,
      summary: "Register A4 (sổ đẻ): the month's births in the actor's area",
      querystring: monthQuery,
      response: { 200: z.array(registerA4Row), ...problemResponses },
    },
    handler: async (req) =>
      registerA4(orm, req.actor(), req.query.month, await registerArea(orm, req.actor(), req.query.unit)),
  });

  app.get('/maternal/residents/:residentId/family-planning', {
    schema: {
      tags,
      summary: "A person's family planning methods, newest first",
      params: residentParams,
      response: { 200: z.array(fpEpisodeOut), ...problemResponses },
    },
    handler: async (req) => listMethods(orm, req.actor(), req.params.residentId),
  });

  app.post('/maternal/residents/:residentId/family-planning', {
    schema: {
      tags,
      summary: 'Start a family planning method (the method in use that day is stopped as switched)',
      params: residentParams,
      body: fpStartInput,
      response: { 201: z.array(fpEpisodeOut), ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return startMethod(orm, req.actor(), req.params.residentId, req.body);
    },
  });

  app.post('/maternal/family-planning/:id/stop', {
    schema: {
      tags,
      summary: 'Stop a family planning method',
      params: idParams,
      body: fpStopInput,
      response: { 200: z.array(fpEpisodeOut), ...problemResponses },
    },
    handler: async (req) => stopMethod(orm, req.actor(), req.params.id, req.body),
  });

  app.get('/maternal/registers/a5', {
    schema: {
      tags,
      summary: "Register A5 (sổ KHHGĐ): the month's methods started and stopped, users by method at its end",
      querystring: monthQuery,
      response: { 200: registerA5Out, ...problemResponses },
    },
    handler: async (req) =>
      registerA5(orm, req.actor(), req.query.month, await registerArea(orm, req.actor(), req.query.unit)),
  });

  const files: Record<
    'a3' | 'a4' | 'a5',
    (actor: Actor, month: string, unit: string | undefined) => Promise<RegisterDocument>
  > = {
    a3: async (actor, month, unit) => {
      const area = await registerArea(orm, actor, unit);
      return a3Document(area.name, month, await registerA3(orm, actor, month, area));
    },
    a4: async (actor, month, unit) => {
      const area = await registerArea(orm, actor, unit);
      return a4Document(area.name, month, await registerA4(orm, actor, month, area));
    },
    a5: async (actor, month, unit) => {
      const area = await registerArea(orm, actor, unit);
      return a5Document(area.name, await registerA5(orm, actor, month, area));
    },
  };
  for (const [register, document] of Object.entries(files))
    for (const format of ['xlsx', 'pdf'] as const)
      app.get(`/maternal/registers/${register}.${format}`, {
        schema: {
          tags,
          summary: `Register ${register.toUpperCase()} of the actor's area for a month as ${format === 'pdf' ? 'PDF' : 'Excel'}`,
          querystring: monthQuery,
        },
        handler: async (req, reply) => {
          const doc = await document(req.actor(), req.query.month, req.query.unit);
          const body = format === 'pdf' ? await registerPdf(doc) : await registerWorkbook(doc);
          const fileName = `${register.toUpperCase()}-${req.query.month}.${format}`;
          return sendDownload(reply, { format, fileName, body });
        },
      });
};
