import { z } from 'zod';
import { today } from '../../core/clock.js';
import { pageOf, pagingQuery } from '../../core/paging.js';
import { idParams, problemResponses, type ModuleRoutes } from '../../http/types.js';
import { searchIcd10 } from '../terminology/index.js';
import { catalogueOn, declareStationServices, stationServices } from './catalogues.js';
import {
  CATALOGUE_KINDS,
  catalogueItemOut,
  icd10Out,
  stationServicesInput,
  stationServicesOut,
  VISIT_STATUSES,
  visitDetail,
  visitFinish,
  visitInput,
  visitPreview,
  visitSaved,
  visitSummary,
  visitUpdate,
  visitVersionOut,
} from './contracts.js';
import {
  createVisit,
  finishVisit,
  getVisit,
  getVisitVersion,
  listVisits,
  previewVisit,
  updateVisit,
} from './visits.js';
import { requirePermission } from '../../core/actor.js';

const isoDate = z.iso.date();
const tags = ['visits'];

export const visitRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  // ---------------------------------------------------------------- visits

  app.get('/visits', {
    schema: {
      tags,
      summary:
        "Visits of the actor's area: a facility's visits of a day (default today), a person's history (resident), or a date range",
      querystring: pagingQuery.extend({
        facility: z.uuid().optional(),
        resident: z.uuid().optional(),
        date: isoDate.optional(),
        from: isoDate.optional(),
        to: isoDate.optional(),
        status: z.enum(VISIT_STATUSES).optional(),
      }),
      response: { 200: pageOf(visitSummary), ...problemResponses },
    },
    handler: async (req) => {
      const { limit, offset, facility, resident, ...rest } = req.query;
      return listVisits(
        orm,
        req.actor(),
        { ...rest, facilityId: facility, residentId: resident },
        { limit, offset },
      );
    },
  });

  app.post('/visits', {
    schema: {
      tags,
      summary: 'Record a visit (a draft, or finished at once with finish: true)',
      body: visitInput,
      response: { 201: visitSaved, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return createVisit(orm, req.actor(), req.body);
    },
  });

  app.post('/visits/preview', {
    schema: {
      tags,
      summary:
        'Price a visit and split its payment as it would be saved, without saving it (the form shows it while typing)',
      body: visitInput,
      response: { 200: visitPreview, ...problemResponses },
    },
    handler: async (req) => previewVisit(orm, req.actor(), req.body),
  });

  app.get('/visits/:id', {
    schema: {
      tags,
      summary: 'A visit at its current version, with the list of its versions',
      params: idParams,
      response: { 200: visitDetail, ...problemResponses },
    },
    handler: async (req) => getVisit(orm, req.actor(), req.params.id),
  });

  app.put('/visits/:id', {
    schema: {
      tags,
      summary:
        'Save a new version of a visit: a draft is saved again (finish: true finishes it); a finished visit is corrected (correctionReason required)',
      params: idParams,
      body: visitUpdate,
      response: { 200: visitSaved, ...problemResponses },
    },
    handler: async (req) => updateVisit(orm, req.actor(), req.params.id, req.body),
  });

  app.post('/visits/:id/finish', {
    schema: {
      tags,
      summary: 'Finish a draft visit as last saved (it then counts, updates the 831 record and is claimable)',
      params: idParams,
      body: visitFinish,
      response: { 200: visitDetail, ...problemResponses },
    },
    handler: async (req) => finishVisit(orm, req.actor(), req.params.id, req.body.baseVersion),
  });

  app.get('/visits/:id/versions/:version', {
    schema: {
      tags,
      summary: 'One version of a visit as it was written',
      params: idParams.extend({ version: z.coerce.number().int().min(1).max(100_000) }),
      response: { 200: visitVersionOut, ...problemResponses },
    },
    handler: async (req) => getVisitVersion(orm, req.actor(), req.params.id, req.params.version),
  });

  // ---------------------------------------------------------------- ICD-10 and catalogues

  app.get('/icd10', {
    schema: {
      tags,
      summary: 'Search the ICD-10 list valid on a day by code prefix or title words',
      querystring: pagingQuery.extend({
        q: z.string().trim().min(1).max(100),
        on: isoDate.optional(),
      }),
      response: { 200: z.array(icd10Out), ...problemResponses },
    },
    handler: async (req) => {
      requirePermission(req.actor(), 'person.read');
      return searchIcd10(orm, req.query.q, req.query.on ?? today(), req.query);
    },
  });

  app.get('/catalogue', {
    schema: {
      tags,
      summary: 'Services, drugs or supplies of the catalogue valid on a day (default today)',
      querystring: pagingQuery.extend({
        kind: z.enum(CATALOGUE_KINDS),
        on: isoDate.optional(),
        q: z.string().trim().min(1).max(100).optional(),
      }),
      response: { 200: z.array(catalogueItemOut), ...problemResponses },
    },
    handler: async (req) => {
      requirePermission(req.actor(), 'network.read');
      const { kind, ...options } = req.query;
      return catalogueOn(orm, kind, options);
    },
  });

  app.get('/station-services/:id', {
    schema: {
      tags,
      summary: 'The listed services and which of them the station can perform (target T8)',
      params: idParams,
      querystring: z.object({ on: isoDate.optional() }),
      response: { 200: stationServicesOut, ...problemResponses },
    },
    handler: async (req) => stationServices(orm, req.actor(), req.params.id, req.query.on),
  });

  app.put('/station-services/:id', {
    schema: {
      tags,
      summary: 'Declare the listed services the station can perform (replaces the set)',
      params: idParams,
      body: stationServicesInput,
      response: { 200: stationServicesOut, ...problemResponses },
    },
    handler: async (req) => declareStationServices(orm, req.actor(), req.params.id, req.body.serviceCodes),
  });
};
