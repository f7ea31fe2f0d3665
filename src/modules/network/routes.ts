import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { pageOf, pagingQuery } from '../../core/paging.js';
import { idParams, problemResponses, type ModuleRoutes } from '../../http/types.js';
import {
  FACILITY_KINDS,
  MAP_VERSIONS,
  UNIT_LEVELS,
  facilityInput,
  facilityOut,
  facilityPatch,
  hamletInput,
  hamletPatch,
  staffInput,
  staffOut,
  staffPatch,
  unitCode,
  unitOut,
  unitOverviewOut,
  unitWithAncestors,
} from './contracts.js';
import {
  createFacility,
  getFacility,
  listFacilities,
  setStationHamlets,
  updateFacility,
} from './facilities.js';
import { createStaff, getStaff, listStaff, updateStaff } from './staff.js';
import {
  addCertificate,
  addTraining,
  approvePositions,
  listCertificates,
  listTrainings,
  positionsOf,
  revokeCertificate,
} from './workforce.js';
import {
  certificateInput,
  certificateOut,
  certificateRevoke,
  positionInput,
  positionsOut,
  trainingInput,
  trainingOut,
  trainingsOut,
} from './workforce-contracts.js';
import { today } from '../../core/clock.js';
import { createHamlet, getUnit, listUnits, unitMapping, updateHamlet } from './units.js';
import { unitOverview } from './overview.js';
import { provinceBoundaries } from './geo.js';

const boolish = z.enum(['true', 'false']).transform((v) => v === 'true');
const isoDate = z.iso.date();

export const networkRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.get('/geo/provinces', {
    schema: {
      tags: ['network'],
      summary:
        'Boundaries of the provinces of the current map (GeoJSON FeatureCollection, feature id = province code), for dashboard maps',
      response: problemResponses,
    },
    handler: async (req, typedReply) => {
      // The file is sent as it is (already JSON), so the reply is used untyped.
      const reply = typedReply as unknown as FastifyReply;
      const { json, etag } = provinceBoundaries();
      reply.header('etag', etag).header('cache-control', 'private, max-age=86400');
      if (req.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type('application/json; charset=utf-8').send(json);
    },
  });

  app.get('/units', {
    schema: {
      tags: ['network'],
      summary:
        'List administrative units: children of a parent, or search by name (with or without diacritics) or code',
      querystring: pagingQuery.extend({
        map: z.enum(MAP_VERSIONS).optional(),
        parent: unitCode.optional(),
        level: z.enum(UNIT_LEVELS).optional(),
        q: z.string().trim().min(1).max(100).optional(),
        all: boolish.optional(),
      }),
      response: { 200: pageOf(unitOut), ...problemResponses },
    },
    handler: async (req) => {
      const { limit, offset, ...filter } = req.query;
      return listUnits(orm, req.actor(), filter, { limit, offset });
    },
  });

  app.get('/units/:code', {
    schema: {
      tags: ['network'],
      summary: 'One unit with its ancestors (breadcrumb)',
      params: z.object({ code: unitCode }),
      querystring: z.object({ map: z.enum(MAP_VERSIONS).default('post2025') }),
      response: { 200: unitWithAncestors, ...problemResponses },
    },
    handler: async (req) => getUnit(orm, req.actor(), req.params.code, req.query.map),
  });

  app.get('/units/:code/overview', {
    schema: {
      tags: ['network'],
      summary:
        'A unit at a glance: sub-units, stations (model, full-time doctor), hamlets (village health worker), staff counts',
      params: z.object({ code: unitCode }),
      response: { 200: unitOverviewOut, ...problemResponses },
    },
    handler: async (req) => unitOverview(orm, req.actor(), req.params.code),
  });

  app.get('/units/:code/mapping', {
    schema: {
      tags: ['network'],
      summary: "The 2025 reform's mapping: old units → new, or new unit ← old ones",
      params: z.object({ code: unitCode }),
      querystring: z.object({ map: z.enum(MAP_VERSIONS).default('post2025') }),
      response: {
        200: z.array(
          z.object({
            direction: z.enum(['old_to_new', 'new_to_old']),
            kind: z.enum(['full', 'partial']),
            unit: unitOut,
          }),
        ),
        ...problemResponses,
      },
    },
    handler: async (req) => unitMapping(orm, req.actor(), req.params.code, req.query.map),
  });

  app.post('/units/:code/hamlets', {
    schema: {
      tags: ['network'],
      summary: 'Create a hamlet (thôn/ấp/khu phố) under a commune',
      params: z.object({ code: unitCode }),
      body: hamletInput,
      response: { 201: unitOut, ...problemResponses },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await createHamlet(orm, req.actor(), req.params.code, req.body)),
  });

  app.patch('/hamlets/:code', {
    schema: {
      tags: ['network'],
      summary: 'Rename a hamlet or end it (validTo); hamlets are never deleted',
      params: z.object({ code: z.string().regex(/^\d{5}-\d{3}$/, 'must be a hamlet code like 06709-001') }),
      body: hamletPatch,
      response: { 200: unitOut, ...problemResponses },
    },
    handler: async (req) => updateHamlet(orm, req.actor(), req.params.code, req.body),
  });

  app.get('/facilities', {
    schema: {
      tags: ['network'],
      summary: 'List facilities in your area',
      querystring: pagingQuery.extend({
        unit: unitCode.optional(),
        kind: z.enum(FACILITY_KINDS).optional(),
        q: z.string().trim().min(1).max(100).optional(),
      }),
      response: { 200: pageOf(facilityOut), ...problemResponses },
    },
    handler: async (req) => {
      const { limit, offset, ...filter } = req.query;
      return listFacilities(orm, req.actor(), filter, { limit, offset });
    },
  });

  app.post('/facilities', {
    schema: {
      tags: ['network'],
      summary: 'Register a facility',
      body: facilityInput,
      response: { 201: facilityOut, ...problemResponses },
    },
    handler: async (req, reply) => reply.status(201).send(await createFacility(orm, req.actor(), req.body)),
  });

  app.get('/facilities/:id', {
    schema: { tags: ['network'], params: idParams, response: { 200: facilityOut, ...problemResponses } },
    handler: async (req) => getFacility(orm, req.actor(), req.params.id),
  });

  app.patch('/facilities/:id', {
    schema: {
      tags: ['network'],
      params: idParams,
      body: facilityPatch,
      response: { 200: facilityOut, ...problemResponses },
    },
    handler: async (req) => updateFacility(orm, req.actor(), req.params.id, req.body),
  });

  app.put('/facilities/:id/hamlets', {
    schema: {
      tags: ['network'],
      summary: 'Set the hamlets a commune station serves',
      params: idParams,
      body: z.object({ hamletIds: z.array(z.uuid()).max(999) }),
      response: { 200: facilityOut, ...problemResponses },
    },
    handler: async (req) => setStationHamlets(orm, req.actor(), req.params.id, req.body.hamletIds),
  });

  app.get('/staff', {
    schema: {
      tags: ['network'],
      summary: 'List health workers (active today unless `all` or `activeOn`)',
      querystring: pagingQuery.extend({
        unit: unitCode.optional(),
        facility: z.uuid().optional(),
        title: z.string().trim().max(60).optional(),
        activeOn: isoDate.optional(),
        all: boolish.optional(),
        q: z.string().trim().min(1).max(100).optional(),
      }),
      response: { 200: pageOf(staffOut), ...problemResponses },
    },
    handler: async (req) => {
      const { limit, offset, ...filter } = req.query;
      return listStaff(orm, req.actor(), filter, { limit, offset });
    },
  });

  app.post('/staff', {
    schema: { tags: ['network'], body: staffInput, response: { 201: staffOut, ...problemResponses } },
    handler: async (req, reply) => reply.status(201).send(await createStaff(orm, req.actor(), req.body)),
  });

  app.get('/staff/:id', {
    schema: { tags: ['network'], params: idParams, response: { 200: staffOut, ...problemResponses } },
    handler: async (req) => getStaff(orm, req.actor(), req.params.id),
  });

  app.patch('/staff/:id', {
    schema: {
      tags: ['network'],
      params: idParams,
      body: staffPatch,
      response: { 200: staffOut, ...problemResponses },
    },
    handler: async (req) => updateStaff(orm, req.actor(), req.params.id, req.body),
  });

  // The workforce (issue 17 item 1): certificates, approved positions, trainings.
  app.get('/staff/:id/certificates', {
    schema: {
      tags: ['network'],
      summary: "A health worker's practising certificates (chứng chỉ hành nghề), newest first",
      params: idParams,
      response: { 200: z.array(certificateOut), ...problemResponses },
    },
    handler: async (req) => listCertificates(orm, req.actor(), req.params.id),
  });

  app.post('/staff/:id/certificates', {
    schema: {
      tags: ['network'],
      summary: 'Record a practising certificate: its number is the code insurance claims carry (MA_BAC_SI)',
      params: idParams,
      body: certificateInput,
      response: { 201: certificateOut, ...problemResponses },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await addCertificate(orm, req.actor(), req.params.id, req.body)),
  });

  app.post('/certificates/:id/revocation', {
    schema: {
      tags: ['network'],
      summary: 'Revoke a practising certificate from a day (thu hồi)',
      params: idParams,
      body: certificateRevoke,
      response: { 200: certificateOut, ...problemResponses },
    },
    handler: async (req) => revokeCertificate(orm, req.actor(), req.params.id, req.body),
  });

  app.get('/facilities/:id/positions', {
    schema: {
      tags: ['network'],
      summary:
        'Approved job positions (đề án vị trí việc làm), staff in post and vacancies by title on a day',
      params: idParams,
      querystring: z.object({ on: z.iso.date().optional() }),
      response: { 200: positionsOut, ...problemResponses },
    },
    handler: async (req) => positionsOf(orm, req.actor(), req.params.id, req.query.on ?? today()),
  });

  app.post('/facilities/:id/positions', {
    schema: {
      tags: ['network'],
      summary: 'Record a decision approving the posts of a title from a day (the earlier decision ends)',
      params: idParams,
      body: positionInput,
      response: { 200: positionsOut, ...problemResponses },
    },
    handler: async (req) => approvePositions(orm, req.actor(), req.params.id, req.body),
  });

  app.get('/staff/:id/trainings', {
    schema: {
      tags: ['network'],
      summary: "A health worker's trainings with their continuing-education hours over 5 years",
      params: idParams,
      response: { 200: trainingsOut, ...problemResponses },
    },
    handler: async (req) => listTrainings(orm, req.actor(), req.params.id),
  });

  app.post('/staff/:id/trainings', {
    schema: {
      tags: ['network'],
      summary: 'Record a training a health worker attended, with its hours',
      params: idParams,
      body: trainingInput,
      response: { 201: trainingOut, ...problemResponses },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await addTraining(orm, req.actor(), req.params.id, req.body)),
  });
};
