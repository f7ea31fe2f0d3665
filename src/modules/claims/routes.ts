import { z } from 'zod';
import { sendDownload } from '../../core/downloads.js';
import { idParams, problemResponses, type ModuleRoutes } from '../../http/types.js';
import { a1Register, claimIssue, claimMonthCheck } from './contracts.js';
import { a1Pdf, a1Workbook } from './a1-files.js';
import { checkMonthClaims, exportMonthClaims, exportVisitClaim, registerA1 } from './service.js';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month like 2026-03');
const options = {
  /** MA_KHOA (default K01, the examination department). */
  department: z.string().trim().min(1).max(50).optional(),
  /** MA_TTDV: the station head's social-insurance number. */
  head: z
    .string()
    .regex(/^\d{10}$/, 'a 10-digit social-insurance number')
    .optional(),
  /** MA_CSKCB when the facility's code is not the insurer's 5-character code. */
  insurerCode: z
    .string()
    .regex(/^[0-9A-Z]{5}$/, 'a 5-character facility code')
    .optional(),
};
const monthQuery = z.object({ facility: z.uuid(), month, ...options });
const checkOut = z.object({
  fileName: z.string(),
  /** The claims written to the XML: the visits the check accepts. */
  claims: z.number().int(),
  standard: z.string(),
  issues: z.array(claimIssue),
  /** The visits the check refused (see `issues`), left out of the XML. */
  refused: z.array(z.uuid()),
});
const claimsTags = ['claims'];
const registerTags = ['registers'];

const optionsOf = (q: { department?: string; head?: string; insurerCode?: string }) => ({
  departmentCode: q.department,
  facilityHeadCode: q.head,
  facilityCode: q.insurerCode,
});

export const claimRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.get('/claims/xml', {
    schema: {
      tags: claimsTags,
      summary:
        "A facility's insurance claims of a month as the GIAMDINHHS XML envelope (Decision 130/QĐ-BYT as amended), as a download; X-Claim-Issues counts the check's findings and X-Claim-Refused the visits left out for them (see /claims/check)",
      querystring: monthQuery,
    },
    handler: async (req, reply) => {
      const { facility, month: m, ...rest } = req.query;
      const out = await exportMonthClaims(
        orm,
        req.actor(),
        { facilityId: facility, month: m },
        optionsOf(rest),
      );
      reply.header('x-claim-issues', String(out.issues.length));
      reply.header('x-claim-refused', String(out.refused.length));
      return sendDownload(reply, { format: 'xml', fileName: out.fileName, body: out.xml });
    },
  });

  app.get('/claims/check', {
    schema: {
      tags: claimsTags,
      summary: "Checks a facility's claims of a month against the standard's field rules and totals",
      querystring: monthQuery,
      response: { 200: checkOut, ...problemResponses },
    },
    handler: async (req) => {
      const { facility, month: m, ...rest } = req.query;
      const { xml: _xml, ...out } = await exportMonthClaims(
        orm,
        req.actor(),
        { facilityId: facility, month: m },
        optionsOf(rest),
      );
      return out;
    },
  });

  app.get('/claims/check/visits', {
    schema: {
      tags: claimsTags,
      summary:
        "The month's claim check listed by visit (date, patient, payment, accepted or refused, the findings with the element and the reason in Vietnamese), with counts and totals; writes no XML",
      querystring: monthQuery,
      response: { 200: claimMonthCheck, ...problemResponses },
    },
    handler: async (req) => {
      const { facility, month: m, ...rest } = req.query;
      return checkMonthClaims(orm, req.actor(), { facilityId: facility, month: m }, optionsOf(rest));
    },
  });

  app.get('/claims/visits/:id/xml', {
    schema: {
      tags: claimsTags,
      summary: "One finished visit's claim as the GIAMDINHHS XML envelope, as a download",
      params: idParams,
      querystring: z.object(options),
    },
    handler: async (req, reply) => {
      const out = await exportVisitClaim(orm, req.actor(), req.params.id, optionsOf(req.query));
      reply.header('x-claim-issues', String(out.issues.length));
      reply.header('x-claim-refused', String(out.refused.length));
      return sendDownload(reply, { format: 'xml', fileName: out.fileName, body: out.xml });
    },
  });

  const registerQuery = z.object({ facility: z.uuid(), month });

  app.get('/registers/a1', {
    schema: {
      tags: registerTags,
      summary: 'Register A1 (sổ khám bệnh) of a station for a month',
      querystring: registerQuery,
      response: { 200: a1Register, ...problemResponses },
    },
    handler: async (req) =>
      registerA1(orm, req.actor(), { facilityId: req.query.facility, month: req.query.month }),
  });

  for (const format of ['xlsx', 'pdf'] as const)
    app.get(`/registers/a1.${format}`, {
      schema: {
        tags: registerTags,
        summary: `Register A1 of a station for a month as ${format === 'pdf' ? 'PDF' : 'Excel'}`,
        querystring: registerQuery,
      },
      handler: async (req, reply) => {
        const register = await registerA1(orm, req.actor(), {
          facilityId: req.query.facility,
          month: req.query.month,
        });
        const body = format === 'pdf' ? await a1Pdf(register) : await a1Workbook(register);
        const fileName = `A1_${register.facility.code}_${register.month.replace('-', '')}.${format}`;
        return sendDownload(reply, { format, fileName, body });
      },
    });
};
