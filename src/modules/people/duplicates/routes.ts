import { z } from 'zod';
import { idParams, problemResponses, type ModuleRoutes } from '../../../http/types.js';
import { pageOf, pagingQuery } from '../../../core/paging.js';
import { unitCode } from '../../network/index.js';
import {
  dismissalInArea,
  dismissalInput,
  dismissalOut,
  duplicateCandidate,
  duplicatePairsOut,
  mergeInArea,
  mergeInput,
  mergeOut,
  unmergeInput,
} from './contracts.js';
import { mergeResidents, mergesOf, unmergeResident } from './merges.js';
import { dismissalsInArea, dismissDuplicate, duplicatePairs, mergesInArea, undoDismissal } from './pairs.js';
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

  app.get('/duplicates', {
    schema: {
      tags,
      summary:
        'Likely duplicate pairs of a commune or hamlet in your area (default: your own, if a commune or below), most likely first',
      querystring: z.object({ unit: unitCode.optional() }),
      response: { 200: duplicatePairsOut, ...problemResponses },
    },
    handler: async (req) => duplicatePairs(orm, req.actor(), { unit: req.query.unit }),
  });

  app.post('/duplicates/dismissals', {
    schema: {
      tags,
      summary: 'Mark two records as different people: the pair is no longer reported as a likely duplicate',
      body: dismissalInput,
      response: { 201: dismissalOut, ...problemResponses },
    },
    handler: async (req, reply) => reply.code(201).send(await dismissDuplicate(orm, req.actor(), req.body)),
  });

  app.get('/duplicates/dismissals', {
    schema: {
      tags,
      summary:
        'Pairs of your area (or of a commune or hamlet in it) marked as different people, newest first',
      querystring: pagingQuery.extend({ unit: unitCode.optional() }),
      response: { 200: pageOf(dismissalInArea), ...problemResponses },
    },
    handler: async (req) => {
      const { unit, ...paging } = req.query;
      return dismissalsInArea(orm, req.actor(), { unit, ...paging });
    },
  });

  app.delete('/duplicates/dismissals/:id', {
    schema: {
      tags,
      summary:
        'Undo a "not a duplicate" judgement: the pair is reviewed again (the judgement stays in the audit)',
      params: idParams,
      response: { 204: z.null(), ...problemResponses },
    },
    handler: async (req, reply) => {
      await undoDismissal(orm, req.actor(), req.params.id);
      return reply.code(204).send(null);
    },
  });

  app.get('/merges', {
    schema: {
      tags,
      summary: 'Merges of your area (or of a commune or hamlet in it), newest first, undone ones included',
      querystring: pagingQuery.extend({ unit: unitCode.optional() }),
      response: { 200: pageOf(mergeInArea), ...problemResponses },
    },
    handler: async (req) => {
      const { unit, ...paging } = req.query;
      return mergesInArea(orm, req.actor(), { unit, ...paging });
    },
  });
};
