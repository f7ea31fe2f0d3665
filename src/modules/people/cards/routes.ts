import { z } from 'zod';
import { idParams, problemResponses, type ModuleRoutes } from '../../../http/types.js';
import { insuranceCardInput, insuranceCardOut, insuranceCardPatch } from './contracts.js';
import { addCard, listCards, updateCard } from './service.js';

const tags = ['people'];

/** Insurance cards: a resident's history, a card recorded, corrected or voided. */
export const cardRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.get('/residents/:id/insurance-cards', {
    schema: {
      tags,
      summary: 'The card history of a resident, newest first (validNow as of `on`, default today)',
      params: idParams,
      querystring: z.object({ on: z.iso.date().optional() }),
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
};
