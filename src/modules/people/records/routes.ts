import { z } from 'zod';
import { idParams, problemResponses, type ModuleRoutes } from '../../../http/types.js';
import { healthRecordOut, healthRecordReview, healthRecordUpdate, recordVersionOut } from './contracts.js';
import {
  getHealthRecord,
  getHealthRecordVersion,
  reviewHealthRecord,
  updateHealthRecord,
} from './service.js';

const tags = ['people'];

/** The 831 record: read, a new version written, the yearly review, one version read back. */
export const recordRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

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
};
