/**
 * Aggregate exchange over HTTP (docs/adr/0034): the indicators' values out as DHIS2 dataValueSets,
 * ADX and FHIR MeasureReport; DHIS2 dataValueSets in (mapped; kept all or nothing) and the imports kept; the mapping lists loaded by
 * an administrator. HTTP only: the services do the work, check the scope and write the audit.
 */
import { z } from 'zod';
import { pageOf, pagingQuery } from '../../core/paging.js';
import { idParams, problemResponses, type ModuleRoutes } from '../../http/types.js';
import {
  dhis2DataValueSet,
  exportQuery,
  importedValueOut,
  importOut,
  importSummary,
  importValuesQuery,
  mappingLoadIn,
  mappingLoadOut,
} from './contracts.js';
import { getImport, listImports } from './imports.js';
import { loadMappingList } from './mapping.js';
import { exportIndicators, importDataValueSet } from './service.js';

const tags = ['exchange'];
const dryRunQuery = z.object({ dryRun: z.enum(['true', 'false']).default('false') });

export const exchangeRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.get('/exchange/dhis2/dataValueSets', {
    schema: {
      tags,
      summary:
        "The mapped indicators' numerator, denominator and value of a unit (and its children) and a month as a DHIS2 dataValueSets payload",
      querystring: exportQuery,
      response: { 200: dhis2DataValueSet, ...problemResponses },
    },
    handler: async (req) =>
      (await exportIndicators(orm, req.actor(), req.query, 'dhis2')).body as z.infer<
        typeof dhis2DataValueSet
      >,
  });

  app.get('/exchange/adx', {
    schema: {
      tags,
      summary: 'The same values as an IHE ADX 1.0 message (XML: adx/group/dataValue)',
      querystring: exportQuery,
    },
    handler: async (req, reply) => {
      const out = await exportIndicators(orm, req.actor(), req.query, 'adx');
      return reply
        .header('content-type', 'application/adx+xml; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(out.body as string);
    },
  });

  app.get('/exchange/fhir/MeasureReport', {
    schema: {
      tags,
      summary:
        'The same values as FHIR R4 MeasureReports (IHE mADX), one per indicator and unit, in a collection Bundle',
      querystring: exportQuery,
    },
    handler: async (req, reply) => {
      const out = await exportIndicators(orm, req.actor(), req.query, 'fhir');
      return reply
        .header('content-type', 'application/fhir+json; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(JSON.stringify(out.body));
    },
  });

  app.post('/exchange/dhis2/dataValueSets', {
    schema: {
      tags,
      summary:
        'A DHIS2 dataValueSets payload mapped back to ytcs indicators, units and months: an import summary with every conflict. dryRun=true only checks; otherwise (permission exchange.manage) all or nothing: without conflicts every value is kept (200, importId), with any conflict nothing is (409)',
      querystring: dryRunQuery,
      body: dhis2DataValueSet,
      response: { ...problemResponses, 200: importSummary, 409: importSummary },
    },
    handler: async (req, reply) => {
      const dryRun = req.query.dryRun === 'true';
      const summary = await importDataValueSet(orm, req.actor(), req.body, dryRun);
      return reply.status(dryRun || summary.importId ? 200 : 409).send(summary);
    },
  });

  app.get('/exchange/imports', {
    schema: {
      tags,
      summary: 'The DHIS2 imports kept whose values all lie in the caller’s area, newest first',
      querystring: pagingQuery,
      response: { 200: pageOf(importOut), ...problemResponses },
    },
    handler: async (req) => listImports(orm, req.actor(), req.query),
  });

  app.get('/exchange/imports/:id', {
    schema: {
      tags,
      summary:
        'An import kept, with a page of its values: as DHIS2 sent them, as ytcs reads them, and ytcs’s own number for the same indicator, unit and month beside each (with the difference)',
      params: idParams,
      querystring: importValuesQuery,
      response: {
        200: importOut.extend({ values: pageOf(importedValueOut) }),
        ...problemResponses,
      },
    },
    handler: async (req) => getImport(orm, req.actor(), req.params.id, req.query),
  });

  app.post('/exchange/mappings', {
    schema: {
      tags,
      summary:
        'Load a mapping list (data elements, org units or settings) as a new version of its code list; dryRun=true only checks it. Errors name the CSV line and column',
      querystring: dryRunQuery,
      body: mappingLoadIn,
      response: { 200: mappingLoadOut, ...problemResponses },
    },
    handler: async (req) => loadMappingList(orm, req.actor(), req.body, req.query.dryRun === 'true'),
  });
};
