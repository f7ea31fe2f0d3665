import { z } from 'zod';
import { idParams, problemResponses, type ModuleRoutes } from '../../http/types.js';
import {
  callInput,
  callListQuery,
  callOut,
  callSummaryOut,
  callSummaryQuery,
  cohortOut,
  cohortPatientPage,
  cohortPatientsQuery,
  cohortQuery,
  enrolmentInput,
  enrolmentListQuery,
  enrolmentOut,
  enrolmentPage,
  enrolmentUpdate,
  highRiskPage,
  highRiskQuery,
  overduePage,
  overdueQuery,
  programmeCardOut,
  quarterlyCohortOut,
  quarterlyCohortQuery,
  treatmentPlanInput,
} from './contracts.js';
import { cohort, cohortPatients, quarterlyCohort } from './cohort.js';
import { createEnrolment, getEnrolment, listEnrolments, setPlan, updateEnrolment } from './enrolments.js';
import { callSummary, highRiskList, listCalls, overdueList, programmeCard, recordCall } from './overdue.js';

const tags = ['ncd'];

/** The chronic-disease programme (quản lý bệnh không lây nhiễm): HTTP only, the services do the work. */
export const ncdRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.post('/ncd/enrolments', {
    schema: {
      tags,
      summary: 'Enrol a person for a condition (registeredOn defaults to today and may be past)',
      body: enrolmentInput,
      response: { 201: enrolmentOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return createEnrolment(orm, req.actor(), req.body);
    },
  });

  app.get('/ncd/enrolments', {
    schema: {
      tags,
      summary: "The registry of a unit (default the actor's area), by condition and status",
      querystring: enrolmentListQuery,
      response: { 200: enrolmentPage, ...problemResponses },
    },
    handler: async (req) => listEnrolments(orm, req.actor(), req.query),
  });

  app.get('/ncd/enrolments/:id', {
    schema: {
      tags,
      summary: 'An enrolment',
      params: idParams,
      response: { 200: enrolmentOut, ...problemResponses },
    },
    handler: async (req) => getEnrolment(orm, req.actor(), req.params.id),
  });

  app.patch('/ncd/enrolments/:id', {
    schema: {
      tags,
      summary: 'Correct an enrolment, or end it with a reason (endedOn and endReason; null reopens)',
      params: idParams,
      body: enrolmentUpdate,
      response: { 200: enrolmentOut, ...problemResponses },
    },
    handler: async (req) => updateEnrolment(orm, req.actor(), req.params.id, req.body),
  });

  app.put('/ncd/enrolments/:id/plan', {
    schema: {
      tags,
      summary: 'Replace the treatment plan (medicines and doses, targets, follow-up interval)',
      params: idParams,
      body: treatmentPlanInput,
      response: { 200: enrolmentOut, ...problemResponses },
    },
    handler: async (req) => setPlan(orm, req.actor(), req.params.id, req.body),
  });

  app.get('/ncd/cohort', {
    schema: {
      tags,
      summary: "A unit's monthly control cohort (HEARTS), its children's and its trend",
      querystring: cohortQuery,
      response: { 200: cohortOut, ...problemResponses },
    },
    handler: async (req) => cohort(orm, req.actor(), req.query),
  });

  app.get('/ncd/cohort/patients', {
    schema: {
      tags,
      summary: 'The people of a bucket of the monthly cohort (drill-down)',
      querystring: cohortPatientsQuery,
      response: { 200: cohortPatientPage, ...problemResponses },
    },
    handler: async (req) => cohortPatients(orm, req.actor(), req.query),
  });

  app.get('/ncd/cohort/quarterly', {
    schema: {
      tags,
      summary: 'People registered in a quarter, with the outcome of the next quarter',
      querystring: quarterlyCohortQuery,
      response: { 200: quarterlyCohortOut, ...problemResponses },
    },
    handler: async (req) => quarterlyCohort(orm, req.actor(), req.query),
  });

  app.get('/ncd/overdue', {
    schema: {
      tags,
      summary: 'Enrolled people past their follow-up, high risk first, then least overdue first',
      querystring: overdueQuery,
      response: { 200: overduePage, ...problemResponses },
    },
    handler: async (req) => overdueList(orm, req.actor(), req.query),
  });

  app.post('/ncd/calls', {
    schema: {
      tags,
      summary: 'Record a call to an overdue person (agreed to visit, call later, or removed with a reason)',
      body: callInput,
      response: { 201: callOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return recordCall(orm, req.actor(), req.body);
    },
  });

  app.get('/ncd/calls', {
    schema: {
      tags,
      summary: "A person's calls, newest first",
      querystring: callListQuery,
      response: { 200: z.array(callOut), ...problemResponses },
    },
    handler: async (req) => listCalls(orm, req.actor(), req.query.residentId),
  });

  app.get('/ncd/calls/summary', {
    schema: {
      tags,
      summary: 'Calls of a month under a unit, and the people who came back after one',
      querystring: callSummaryQuery,
      response: { 200: callSummaryOut, ...problemResponses },
    },
    handler: async (req) => callSummary(orm, req.actor(), req.query),
  });

  app.get('/ncd/high-risk', {
    schema: {
      tags,
      summary: 'People at high risk (T6) under a unit, those due a yearly check first',
      querystring: highRiskQuery,
      response: { 200: highRiskPage, ...problemResponses },
    },
    handler: async (req) => highRiskList(orm, req.actor(), req.query),
  });

  app.get('/ncd/patients/:residentId', {
    schema: {
      tags,
      summary: "The person's programme card: enrolments, plan, status, BP and glucose over time, calls",
      params: z.object({ residentId: z.uuid() }),
      response: { 200: programmeCardOut, ...problemResponses },
    },
    handler: async (req) => programmeCard(orm, req.actor(), req.params.residentId),
  });
};
