import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { pageOf, pagingQuery } from '../../core/paging.js';
import { idParams, problemResponses, sendJsonText, type ModuleRoutes } from '../../http/types.js';
import { unitCode } from '../network/contracts.js';
import { addCard, coverage, listCards, updateCard } from './cards.js';
import {
  birthInput,
  coverageOut,
  duplicateCandidate,
  healthRecordReview,
  healthRecordUpdate,
  householdDetail,
  householdInput,
  householdOut,
  householdPatch,
  insuranceCardInput,
  insuranceCardOut,
  insuranceCardPatch,
  LIFE_EVENT_KINDS,
  lifeEventInput,
  lifeEventOut,
  mergeInput,
  mergeOut,
  RESIDENT_STATUSES,
  recordVersionOut,
  residentCreated,
  residentInput,
  residentOut,
  residentPatch,
  residentFound,
  transferInput,
  unmergeInput,
} from './contracts.js';
import { findDuplicates, mergeResidents, mergesOf, unmergeResident } from './duplicates.js';
import {
  listLifeEvents,
  listResidentEvents,
  recordEvent,
  registerBirth,
  transferHousehold,
  transferResident,
} from './events.js';
import { failInterruptedImports, getImport, importTemplate, listImports, startImport } from './import.js';
import {
  IMPORT_MAX_BYTES,
  importCreateQuery,
  importJobOut,
  importJobSummary,
  importListQuery,
  XLSX_MIME,
} from './import-contracts.js';
import { createHousehold, getHousehold, listHouseholds, updateHousehold } from './households.js';
import {
  getHealthRecord,
  getHealthRecordVersion,
  healthRecordOut,
  reviewHealthRecord,
  updateHealthRecord,
} from './records.js';
import { createResidentJson, getResidentJson, searchResidentsJson, updateResident } from './residents.js';

const isoDate = z.iso.date();
const boolish = z.enum(['true', 'false']).transform((v) => v === 'true');
const tags = ['people'];

export const peopleRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  // ---------------------------------------------------------------- residents

  app.get('/residents', {
    schema: {
      tags,
      summary:
        'Search residents (best match first) by name with or without diacritics, personal ID, insurance code, phone, birth year or hamlet; or list them',
      querystring: pagingQuery.extend({
        q: z.string().trim().min(2).max(100).optional(),
        unit: unitCode.optional(),
        household: z.uuid().optional(),
        status: z.enum([...RESIDENT_STATUSES, 'all']).optional(),
      }),
      response: {
        200: pageOf(residentFound),
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
      response: { 200: residentOut, ...problemResponses },
    },
    handler: async (req) => updateResident(orm, req.actor(), req.params.id, req.body),
  });

  app.get('/residents/:id/duplicates', {
    schema: {
      tags,
      summary: 'Likely duplicates of a resident in your area, most likely first',
      params: idParams,
      response: { 200: z.array(duplicateCandidate), ...problemResponses },
    },
    handler: async (req) => findDuplicates(orm, req.actor(), req.params.id),
  });

  app.post('/residents/:id/merge', {
    schema: {
      tags,
      summary: 'Merge a duplicate into this resident (both histories kept; reversible)',
      params: idParams,
      body: mergeInput,
      response: { 200: mergeOut, ...problemResponses },
    },
    handler: async (req) => mergeResidents(orm, req.actor(), req.params.id, req.body),
  });

  app.post('/residents/:id/unmerge', {
    schema: {
      tags,
      summary: 'Undo the merge of this (merged) record into another',
      params: idParams,
      body: unmergeInput,
      response: { 200: mergeOut, ...problemResponses },
    },
    handler: async (req) => unmergeResident(orm, req.actor(), req.params.id, req.body),
  });

  app.get('/residents/:id/merges', {
    schema: {
      tags,
      summary: 'The merges this resident took part in',
      params: idParams,
      response: { 200: z.array(mergeOut), ...problemResponses },
    },
    handler: async (req) => mergesOf(orm, req.actor(), req.params.id),
  });

  // ---------------------------------------------------------------- insurance cards

  app.get('/residents/:id/insurance-cards', {
    schema: {
      tags,
      summary: 'The card history of a resident, newest first (validNow as of `on`, default today)',
      params: idParams,
      querystring: z.object({ on: isoDate.optional() }),
      response: { 200: z.array(insuranceCardOut), ...problemResponses },
    },
    handler: async (req) => listCards(orm, req.actor(), req.params.id, req.query.on),
  });

  app.post('/residents/:id/insurance-cards', {
    schema: {
      tags,
      summary: 'Record an insurance card (legacy 15-character code or 10-digit social-insurance number)',
      params: idParams,
      body: insuranceCardInput,
      response: { 201: insuranceCardOut, ...problemResponses },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await addCard(orm, req.actor(), req.params.id, req.body)),
  });

  app.patch('/insurance-cards/:id', {
    schema: {
      tags,
      summary: "Correct a card's end date or facility, or void it with a reason (never deleted)",
      params: idParams,
      body: insuranceCardPatch,
      response: { 200: insuranceCardOut, ...problemResponses },
    },
    handler: async (req) => updateCard(orm, req.actor(), req.params.id, req.body),
  });

  // ---------------------------------------------------------------- life events

  app.get('/residents/:id/events', {
    schema: {
      tags,
      summary: 'Life events of a resident, newest first',
      params: idParams,
      response: { 200: z.array(lifeEventOut), ...problemResponses },
    },
    handler: async (req) => listResidentEvents(orm, req.actor(), req.params.id),
  });

  app.post('/residents/:id/events', {
    schema: {
      tags,
      summary: 'Record a death (with cause), a move out of the system, or a move in',
      params: idParams,
      body: lifeEventInput,
      response: { 201: lifeEventOut, ...problemResponses },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await recordEvent(orm, req.actor(), req.params.id, req.body)),
  });

  app.post('/residents/:id/births', {
    schema: {
      tags,
      summary: 'Register a baby born to this resident (the mother)',
      params: idParams,
      body: birthInput,
      response: { 201: residentCreated, ...problemResponses },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await registerBirth(orm, req.actor(), req.params.id, req.body)),
  });

  app.post('/residents/:id/transfer', {
    schema: {
      tags,
      summary: 'Transfer a resident to another commune; the whole record moves with them',
      params: idParams,
      body: transferInput,
      response: { 200: residentOut, ...problemResponses },
    },
    handler: async (req) => transferResident(orm, req.actor(), req.params.id, req.body),
  });

  app.get('/life-events', {
    schema: {
      tags,
      summary: 'Events recorded in your area (deaths for register A6, births, moves, transfers)',
      querystring: pagingQuery.extend({
        kind: z.enum(LIFE_EVENT_KINDS).optional(),
        unit: unitCode.optional(),
        from: isoDate.optional(),
        to: isoDate.optional(),
      }),
      response: { 200: pageOf(lifeEventOut), ...problemResponses },
    },
    handler: async (req) => {
      const { limit, offset, ...filter } = req.query;
      return listLifeEvents(orm, req.actor(), filter, { limit, offset });
    },
  });

  // ---------------------------------------------------------------- the 831 record

  app.get('/residents/:id/health-record', {
    schema: {
      tags,
      summary: 'The personal health record (Decision 831): administrative part, current version, history',
      params: idParams,
      response: { 200: healthRecordOut, ...problemResponses },
    },
    handler: async (req) => getHealthRecord(orm, req.actor(), req.params.id),
  });

  app.put('/residents/:id/health-record', {
    schema: {
      tags,
      summary:
        'Write a new version: the parts given replace the current ones; `reviewed` marks the yearly review',
      params: idParams,
      body: healthRecordUpdate,
      response: { 200: healthRecordOut, ...problemResponses },
    },
    handler: async (req) => updateHealthRecord(orm, req.actor(), req.params.id, req.body),
  });

  app.post('/residents/:id/health-record/review', {
    schema: {
      tags,
      summary: 'Record the yearly review (a new version with the same content)',
      params: idParams,
      body: healthRecordReview,
      response: { 200: healthRecordOut, ...problemResponses },
    },
    handler: async (req) => reviewHealthRecord(orm, req.actor(), req.params.id, req.body),
  });

  app.get('/residents/:id/health-record/versions/:version', {
    schema: {
      tags,
      summary: 'One version of the record, as it was written',
      params: idParams.extend({ version: z.coerce.number().int().min(1).max(1_000_000) }),
      response: { 200: recordVersionOut, ...problemResponses },
    },
    handler: async (req) => getHealthRecordVersion(orm, req.actor(), req.params.id, req.params.version),
  });

  // ---------------------------------------------------------------- households

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

  // ---------------------------------------------------------------- import (CSV / Excel)

  // The file is the raw body: CSV or XLSX, up to IMPORT_MAX_BYTES, in this plugin only.
  app.addContentTypeParser(
    ['text/csv', XLSX_MIME, 'application/vnd.ms-excel', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES },
    (_req, body, done) => done(null, body),
  );
  app.addHook('onReady', async () => {
    await failInterruptedImports(orm);
  });

  app.post('/people/imports', {
    bodyLimit: IMPORT_MAX_BYTES,
    schema: {
      tags,
      summary:
        'Import households and residents of a commune from a CSV or XLSX file (the raw body); runs as a job (202)',
      querystring: importCreateQuery,
      response: { 202: importJobOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      if (!Buffer.isBuffer(req.body))
        throw new AppError('unsupported-media-type', 'Send the file as text/csv or as an .xlsx workbook', {
          errors: [
            {
              path: 'body',
              code: 'unsupported_media_type',
              message: `content type text/csv or ${XLSX_MIME}`,
            },
          ],
        });
      const job = await startImport(orm, req.actor(), req.query, req.body);
      return reply.status(202).send(job);
    },
  });

  app.get('/people/imports', {
    schema: {
      tags,
      summary: 'Imports into your area, newest first (without their error rows)',
      querystring: importListQuery,
      response: { 200: pageOf(importJobSummary), ...problemResponses },
    },
    handler: async (req) => {
      const { limit, offset, ...filter } = req.query;
      return listImports(orm, req.actor(), filter, { limit, offset });
    },
  });

  for (const format of ['csv', 'xlsx'] as const)
    app.get(`/people/imports/template.${format}`, {
      schema: { tags, summary: `The empty ${format.toUpperCase()} template with the Vietnamese headers` },
      handler: async (req, reply) => {
        const t = await importTemplate(req.actor(), format);
        return reply
          .header('content-type', t.contentType)
          .header('content-disposition', `attachment; filename="${t.fileName}"`)
          .send(t.body);
      },
    });

  app.get('/people/imports/:id', {
    schema: {
      tags,
      summary: 'An import: its status, progress and error rows',
      params: idParams,
      response: { 200: importJobOut, ...problemResponses },
    },
    handler: async (req) => getImport(orm, req.actor(), req.params.id),
  });

  // ---------------------------------------------------------------- coverage

  app.get('/people/coverage', {
    schema: {
      tags,
      summary: 'Insured (T3) and health-managed (T5) residents of a unit on a day',
      querystring: z.object({ unit: unitCode.optional(), on: isoDate.optional() }),
      response: { 200: coverageOut, ...problemResponses },
    },
    handler: async (req) => coverage(orm, req.actor(), req.query),
  });
};
