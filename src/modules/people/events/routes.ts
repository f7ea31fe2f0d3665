import { z } from 'zod';
import { pageOf, pagingQuery } from '../../../core/paging.js';
import { idParams, problemResponses, type ModuleRoutes } from '../../../http/types.js';
import { unitCode } from '../../network/index.js';
import { residentCreated } from '../duplicates/contracts.js';
import { residentOut } from '../residents/contracts.js';
import { searchPlaces } from '../places.js';
import {
  birthInput,
  LIFE_EVENT_KINDS,
  lifeEventInput,
  lifeEventOut,
  placeFound,
  placeQuery,
  transferInput,
} from './contracts.js';
import { listLifeEvents, listResidentEvents, recordEvent, registerBirth } from './service.js';
import { transferResident } from './transfers.js';

const isoDate = z.iso.date();
const tags = ['people'];

/** Life events: a resident's, those of an area (registers), deaths, moves, births and transfers. */
export const eventRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

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

  // Not a person's data: no audit. A station's unit search (network) shows only its area; a transfer's
  // destination or a permanent address may be anywhere in the country.
  app.get('/people/places', {
    schema: {
      tags,
      summary:
        'Communes and hamlets of the current map, anywhere in the country, by code or name with or without diacritics (a transfer destination, a permanent address)',
      querystring: placeQuery,
      response: { 200: z.array(placeFound), ...problemResponses },
    },
    handler: async (req) => searchPlaces(orm, req.actor(), req.query.q, req.query.limit),
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
};
