import { z } from 'zod';
import { requirePermission } from '../../core/actor.js';
import { problemResponses, type ModuleRoutes } from '../../http/types.js';
import { bedsHistory, buildingHistory, recordBeds, recordBuilding } from './buildings.js';
import {
  bedsHistory as bedsHistoryOut,
  bedsInput,
  bedsOut,
  buildingHistory as buildingHistoryOut,
  buildingInput,
  buildingOut,
  disbursementInput,
  equipmentListUpload,
  ethnicMinorityList,
  ethnicMinorityUpload,
  inventoryInput,
  inventoryOut,
  loadResult,
  milestoneDoneInput,
  projectInput,
  projectList,
  projectOut,
  projectStatusInput,
} from './contracts.js';
import { equipmentListOn, inventory, loadEquipmentList, recordInventory } from './equipment.js';
import {
  addDisbursement,
  completeMilestone,
  createProject,
  getProject,
  listEthnicMinorityCommunes,
  listProjects,
  loadEthnicMinorityCommunes,
  setProjectStatus,
} from './investment.js';

const tags = ['resources'];
const idParams = z.object({ id: z.uuid() });
const unitQuery = z
  .string()
  .regex(/^([0-9]{2}|[0-9]{5})$/)
  .optional();

export const resourcesRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.get('/facilities/:id/building', {
    schema: {
      tags,
      summary: "A facility's building surveys (hiện trạng nhà trạm), newest first",
      params: idParams,
      response: { 200: buildingHistoryOut, ...problemResponses },
    },
    handler: async (req) => ({ items: await buildingHistory(orm, req.actor(), req.params.id) }),
  });

  app.post('/facilities/:id/building', {
    schema: {
      tags,
      summary: "Record the state of a facility's building on a day (kept as history)",
      params: idParams,
      body: buildingInput,
      response: { 201: buildingOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return recordBuilding(orm, req.actor(), req.params.id, req.body);
    },
  });

  app.get('/facilities/:id/beds', {
    schema: {
      tags,
      summary: "A facility's beds from each day, and the count today",
      params: idParams,
      response: { 200: bedsHistoryOut, ...problemResponses },
    },
    handler: async (req) => bedsHistory(orm, req.actor(), req.params.id),
  });

  app.post('/facilities/:id/beds', {
    schema: {
      tags,
      summary: "Record a facility's beds from a day (T12: beds per 10,000)",
      params: idParams,
      body: bedsInput,
      response: { 201: bedsOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return recordBeds(orm, req.actor(), req.params.id, req.body);
    },
  });

  app.get('/facilities/:id/equipment', {
    schema: {
      tags,
      summary:
        "A facility's equipment on a day against the required list in force (present, working, broken, missing)",
      params: idParams,
      querystring: z.object({ on: z.iso.date().optional() }),
      response: { 200: inventoryOut, ...problemResponses },
    },
    handler: async (req) => inventory(orm, req.actor(), req.params.id, req.query.on),
  });

  app.post('/facilities/:id/equipment', {
    schema: {
      tags,
      summary: 'Record a count of equipment items on a day (counts are never below zero)',
      params: idParams,
      body: inventoryInput,
      response: { 200: inventoryOut, ...problemResponses },
    },
    handler: async (req) => recordInventory(orm, req.actor(), req.params.id, req.body),
  });

  app.get('/equipment-lists/current', {
    schema: {
      tags,
      summary: 'The equipment list required of stations in force on a day, by station model',
      querystring: z.object({ on: z.iso.date().optional() }),
    },
    handler: async (req) => equipmentListOn(orm, req.actor(), req.query.on),
  });

  app.post('/equipment-lists', {
    schema: {
      tags,
      summary:
        'Load a new version of the equipment list from a CSV or XLSX file (dryRun: check only); errors by row and column',
      body: equipmentListUpload,
      response: { 200: loadResult, ...problemResponses },
    },
    handler: async (req) =>
      loadEquipmentList(orm, req.actor(), {
        fileName: req.body.fileName,
        bytes: Buffer.from(req.body.contentBase64, 'base64'),
        dryRun: req.body.dryRun,
        validFrom: req.body.validFrom,
        source: req.body.source,
      }),
  });

  app.get('/ethnic-minority-communes', {
    schema: {
      tags,
      summary: 'Communes of ethnic-minority and mountainous areas, with the decision listing them',
      querystring: z.object({ unit: unitQuery }),
      response: { 200: ethnicMinorityList, ...problemResponses },
    },
    handler: async (req) => ({ items: await listEthnicMinorityCommunes(orm, req.actor(), req.query.unit) }),
  });

  app.post('/ethnic-minority-communes', {
    schema: {
      tags,
      summary:
        'Load ethnic-minority communes from a CSV or XLSX file (unit_code, valid_from, valid_to, decision, area; dryRun: check only)',
      body: ethnicMinorityUpload,
      response: { 200: loadResult, ...problemResponses },
    },
    handler: async (req) =>
      loadEthnicMinorityCommunes(orm, req.actor(), {
        fileName: req.body.fileName,
        bytes: Buffer.from(req.body.contentBase64, 'base64'),
        dryRun: req.body.dryRun,
      }),
  });

  app.get('/investment-projects', {
    schema: {
      tags,
      summary: "Investment projects of the caller's scope (or under a unit, or investing in a facility)",
      querystring: z.object({ unit: unitQuery, facility: z.uuid().optional() }),
      response: { 200: projectList, ...problemResponses },
    },
    handler: async (req) => ({
      items: await listProjects(orm, req.actor(), { unit: req.query.unit, facilityId: req.query.facility }),
    }),
  });

  app.post('/investment-projects', {
    schema: {
      tags,
      summary: 'Create an investment project with its funding source, facilities, budget and milestones',
      body: projectInput,
      response: { 201: projectOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return createProject(orm, req.actor(), req.body);
    },
  });

  app.get('/investment-projects/:id', {
    schema: {
      tags,
      summary: 'An investment project with its disbursements and milestones',
      params: idParams,
      response: { 200: projectOut, ...problemResponses },
    },
    handler: async (req) => {
      requirePermission(req.actor(), 'network.read');
      return getProject(orm, req.actor(), req.params.id);
    },
  });

  app.post('/investment-projects/:id/disbursements', {
    schema: {
      tags,
      summary: 'Record a disbursement (never more than the budget: 422)',
      params: idParams,
      body: disbursementInput,
      response: { 200: projectOut, ...problemResponses },
    },
    handler: async (req) => addDisbursement(orm, req.actor(), req.params.id, req.body),
  });

  app.post('/investment-projects/:id/status', {
    schema: {
      tags,
      summary: "Set a project's status (completing it dates the completion)",
      params: idParams,
      body: projectStatusInput,
      response: { 200: projectOut, ...problemResponses },
    },
    handler: async (req) => setProjectStatus(orm, req.actor(), req.params.id, req.body),
  });

  app.post('/investment-projects/:id/milestones/:milestoneId/done', {
    schema: {
      tags,
      summary: 'Mark a milestone done on a day',
      params: z.object({ id: z.uuid(), milestoneId: z.uuid() }),
      body: milestoneDoneInput,
      response: { 200: projectOut, ...problemResponses },
    },
    handler: async (req) =>
      completeMilestone(orm, req.actor(), req.params.id, req.params.milestoneId, req.body.doneOn),
  });
};
