import { z } from 'zod';
import { requirePermission } from '../../core/actor.js';
import { AppError } from '../../core/errors.js';
import { pageOf, pagingQuery } from '../../core/paging.js';
import { problemResponses, type ModuleRoutes } from '../../http/types.js';
import { auditEventOut, auditVerification } from './contracts.js';
import { listAuditEvents, verifyAuditChain } from './service.js';

/** The audit log over HTTP: events about the actor's area, and the chain's verification. */
export const auditRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.get('/audit', {
    schema: {
      tags: ['audit'],
      summary: 'Audit events about your area, newest first',
      querystring: pagingQuery.extend({
        entityType: z.string().max(40).optional(),
        entityId: z.string().max(80).optional(),
        actor: z.string().max(40).optional(),
        action: z.string().max(40).optional(),
      }),
      response: { 200: pageOf(auditEventOut), ...problemResponses },
    },
    handler: async (req) => {
      const { limit, offset, actor, ...filter } = req.query;
      return listAuditEvents(orm, req.actor(), { ...filter, actorUsername: actor }, { limit, offset });
    },
  });

  app.get('/audit/verify', {
    schema: {
      tags: ['audit'],
      summary: 'Recompute the audit hash chain (national auditors and administrators)',
      response: {
        200: auditVerification,
        ...problemResponses,
      },
    },
    handler: async (req) => {
      const actor = req.actor();
      requirePermission(actor, 'audit.read');
      if (actor.scopePath !== 'post2025')
        throw new AppError('forbidden', 'Only national auditors verify the whole chain');
      return verifyAuditChain(orm);
    },
  });
};
