import { z } from 'zod';
import { idParams, problemResponses, type ModuleRoutes } from '../../../http/types.js';
import { duplicateCandidate, mergeInput, mergeOut, unmergeInput } from './contracts.js';
import { mergeResidents, mergesOf, unmergeResident } from './merges.js';
import { findDuplicates } from './service.js';

const tags = ['people'];

/** Likely duplicates of a resident, and merges (reversible). */
export const duplicateRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

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
};
