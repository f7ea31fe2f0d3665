import { z } from 'zod';
import { problemResponses, type ModuleRoutes } from '../../http/types.js';
import {
  doctorInput,
  endRegistrationInput,
  panelMemberOut,
  panelOut,
  panelQuery,
  practiceInput,
  practiceList,
  practiceOut,
  registrationInput,
  registrationOut,
} from './contracts.js';
import {
  addPracticeDoctor,
  closePractice,
  createPractice,
  endRegistration,
  listPanel,
  listPractices,
  registerOnPanel,
} from './service.js';

const tags = ['familydoctor'];
const idParams = z.object({ id: z.uuid() });

export const familyDoctorRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.get('/family-practices', {
    schema: {
      tags,
      summary: "Family-doctor practices in the caller's scope (or under a unit)",
      querystring: z.object({
        unit: z
          .string()
          .regex(/^([0-9]{2}|[0-9]{5})$/)
          .optional(),
      }),
      response: { 200: practiceList, ...problemResponses },
    },
    handler: async (req) => ({ items: await listPractices(orm, req.actor(), req.query.unit) }),
  });

  app.post('/family-practices', {
    schema: {
      tags,
      summary: 'Open a family-doctor practice',
      body: practiceInput,
      response: { 201: practiceOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return createPractice(orm, req.actor(), req.body);
    },
  });

  app.post('/family-practices/:id/closure', {
    schema: {
      tags,
      summary: 'Close a practice on a day',
      params: idParams,
      body: z.object({ closedOn: z.iso.date() }),
      response: { 200: practiceOut, ...problemResponses },
    },
    handler: async (req) => closePractice(orm, req.actor(), req.params.id, req.body.closedOn),
  });

  app.post('/family-practices/:id/doctors', {
    schema: {
      tags,
      summary: 'A doctor practising there from a day',
      params: idParams,
      body: doctorInput,
      response: { 200: practiceOut, ...problemResponses },
    },
    handler: async (req) => addPracticeDoctor(orm, req.actor(), req.params.id, req.body),
  });

  app.post('/family-practices/:id/panel', {
    schema: {
      tags,
      summary: "Register a resident on the practice's panel under a contract",
      params: idParams,
      body: registrationInput,
      response: { 201: registrationOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return registerOnPanel(orm, req.actor(), req.params.id, req.body);
    },
  });

  app.get('/family-practices/:id/panel', {
    schema: {
      tags,
      summary: "The practice's panel: residents registered today (all=true: every registration)",
      params: idParams,
      querystring: panelQuery,
      response: { 200: panelOut, ...problemResponses },
    },
    handler: async (req) => ({
      items: await listPanel(orm, req.actor(), req.params.id, req.query.all === 'true'),
    }),
  });

  app.post('/family-panel/:id/end', {
    schema: {
      tags,
      summary: 'End a registration on a panel (contract ended, moved, another doctor chosen)',
      params: idParams,
      body: endRegistrationInput,
      response: { 200: panelMemberOut, ...problemResponses },
    },
    handler: async (req) => endRegistration(orm, req.actor(), req.params.id, req.body.endedOn),
  });
};
