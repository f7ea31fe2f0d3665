import { z } from 'zod';
import { sendDownload } from '../../core/downloads.js';
import { pageOf, pagingQuery } from '../../core/paging.js';
import { problemResponses, type ModuleRoutes } from '../../http/types.js';
import { unitCode } from '../network/index.js';
import {
  INDICATOR_PARTS,
  indicatorDefinition,
  indicatorRecord,
  indicatorValue,
  indicatorValuesOut,
  period,
} from './contracts.js';
import { indicatorRecords, indicatorTrend, indicatorValues, listIndicators } from './service.js';
import { recordsWorkbook, valuesWorkbook } from './export.js';
import { summaryReportPdf } from './report.js';

const lang = z.enum(['vi', 'en']).default('vi');

const codeParams = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]{0,39}$/, 'an indicator code such as T1'),
});

export const indicatorRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.get('/indicators', {
    schema: {
      tags: ['indicators'],
      summary: 'The indicator catalogue (targets T1…T12 and the modules’ own indicators) as valid on a date',
      querystring: z.object({ on: z.iso.date().optional() }),
      response: { 200: z.array(indicatorDefinition), ...problemResponses },
    },
    handler: async (req) => {
      req.actor();
      return listIndicators(orm, req.query.on);
    },
  });

  app.get('/indicators/:code/values', {
    schema: {
      tags: ['indicators'],
      summary: 'Numerator, denominator and value for a unit (or each of its children) and a period',
      params: codeParams,
      querystring: z.object({ unit: unitCode, period, children: z.enum(['true', 'false']).default('false') }),
      response: { 200: indicatorValuesOut, ...problemResponses },
    },
    handler: async (req) =>
      indicatorValues(
        orm,
        req.actor(),
        req.params.code,
        req.query.unit,
        req.query.period,
        req.query.children === 'true',
      ),
  });

  app.get('/indicators/:code/trend', {
    schema: {
      tags: ['indicators'],
      summary: "A unit's monthly values for the months up to `to` (trend charts)",
      params: codeParams,
      querystring: z.object({
        unit: unitCode,
        to: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM'),
        months: z.coerce.number().int().min(1).max(36).default(12),
      }),
      response: { 200: z.array(indicatorValue), ...problemResponses },
    },
    handler: async (req) =>
      indicatorTrend(orm, req.actor(), req.params.code, req.query.unit, req.query.to, req.query.months),
  });

  app.get('/indicators/:code/records', {
    schema: {
      tags: ['indicators'],
      summary: 'Drill-down: the records counted in the numerator or denominator (audited)',
      params: codeParams,
      querystring: pagingQuery.extend({
        unit: unitCode,
        period,
        part: z.enum(INDICATOR_PARTS).default('numerator'),
      }),
      response: { 200: pageOf(indicatorRecord), ...problemResponses },
    },
    handler: async (req) => {
      const { limit, offset, unit, period: p, part } = req.query;
      return indicatorRecords(orm, req.actor(), req.params.code, unit, p, part, { limit, offset });
    },
  });

  app.get('/indicators/:code/values.xlsx', {
    schema: {
      tags: ['indicators'],
      summary: 'The values table (a unit, or its children ranked best first) as an Excel workbook',
      params: codeParams,
      querystring: z.object({
        unit: unitCode,
        period,
        children: z.enum(['true', 'false']).default('false'),
        lang,
      }),
      response: problemResponses,
    },
    handler: async (req, reply) => {
      const q = req.query;
      const file = await valuesWorkbook(
        orm,
        req.actor(),
        req.params.code,
        q.unit,
        q.period,
        q.children === 'true',
        q.lang,
      );
      return sendDownload(reply, { format: 'xlsx', fileName: file.name, body: file.file });
    },
  });

  app.get('/indicators/:code/records.xlsx', {
    schema: {
      tags: ['indicators'],
      summary: 'Every record behind a numerator or denominator as an Excel workbook (audited)',
      params: codeParams,
      querystring: z.object({
        unit: unitCode,
        period,
        part: z.enum(INDICATOR_PARTS).default('numerator'),
        lang,
      }),
      response: problemResponses,
    },
    handler: async (req, reply) => {
      const q = req.query;
      const file = await recordsWorkbook(orm, req.actor(), req.params.code, q.unit, q.period, q.part, q.lang);
      return sendDownload(reply, { format: 'xlsx', fileName: file.name, body: file.file });
    },
  });

  app.get('/indicators/report.pdf', {
    schema: {
      tags: ['indicators'],
      summary:
        'The summary review report (sơ kết) of a unit for a period as a printable PDF: every indicator with its target and assessment, trends and rankings as charts',
      querystring: z.object({ unit: unitCode, period, lang }),
      response: problemResponses,
    },
    handler: async (req, reply) => {
      const q = req.query;
      const file = await summaryReportPdf(orm, req.actor(), q.unit, q.period, q.lang);
      return sendDownload(reply, { format: 'pdf', fileName: file.name, body: file.file });
    },
  });
};
