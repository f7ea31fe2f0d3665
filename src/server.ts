import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RouteOptions,
} from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from './core/errors.js';
import type { Database } from './db/connection.js';
import { authPlugin } from './http/auth.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { makeErrorHandler, sendProblem } from './http/problem.js';
import { sealAuditEvents, startAuditSealer } from './modules/audit/index.js';
import {
  indicatorValues,
  keepIndicatorsCurrent,
  startIndicatorRefresher,
} from './modules/indicators/index.js';
import { auditRoutes } from './modules/audit/routes.js';
import { accountRoutes } from './modules/accounts/routes.js';
import { networkRoutes } from './modules/network/routes.js';
import { terminologyRoutes } from './modules/terminology/routes.js';
import { indicatorRoutes } from './modules/indicators/routes.js';
import { peopleRoutes } from './modules/people/routes.js';
import { visitRoutes } from './modules/visits/routes.js';
import { claimRoutes } from './modules/claims/routes.js';
import { ncdRoutes } from './modules/ncd/routes.js';
import { immunizationRoutes } from './modules/immunization/routes.js';
import { worklistRoutes } from './modules/worklist/routes.js';
import { growthRoutes } from './modules/growth/routes.js';
import { maternalRoutes } from './modules/maternal/routes.js';
import { criteriaRoutes } from './modules/criteria/routes.js';
import { satisfactionRoutes } from './modules/satisfaction/routes.js';
import { familyDoctorRoutes } from './modules/familydoctor/routes.js';
import { opsRoutes } from './modules/ops/routes.js';
import { fhirRouterError, fhirRoutes } from './modules/fhir/routes.js';
import { resourcesRoutes } from './modules/resources/routes.js';
import { plansRoutes } from './modules/plans/routes.js';
import { syncRoutes } from './modules/sync/routes.js';
import { surveillanceRoutes } from './modules/surveillance/routes.js';
import { referralRoutes } from './modules/referral/routes.js';
import { exchangeRoutes } from './modules/exchange/routes.js';
import { privacyRoutes } from './modules/privacy/routes.js';

export interface ServerOptions {
  db: Database;
  logger?: boolean | object;
  /** Where the built web app is (default web/dist); served at `/` when present. */
  webRoot?: string;
  version?: string;
  /**
   * How often audit events are chained in the background (ms; docs/adr/0016); 0: only before serving,
   * at shutdown and on verify. Default 1000 on PostgreSQL, 0 on the embedded database.
   */
  auditSealIntervalMs?: number;
  /**
   * How the stored indicator values are kept current (docs/adr/0021): 'background', a refresher every
   * `YTCS_INDICATOR_REFRESH_MS` (default 100) that requests leave the work to (PostgreSQL);
   * 'at-start', one pass before serving, then each request catches up the communes written since
   * (the embedded database, where a timer's query beside the requests' is unsafe: docs/adr/0013);
   * 'on-read' (default, tests): only requests catch up.
   */
  indicators?: 'background' | 'at-start' | 'on-read';
  /** Called with every route as it is added (the route table the reliability tests walk). */
  onRoute?: (route: RouteOptions) => void;
}

/**
 * One log line per request, written when it is answered (Fastify writes two: received and completed).
 * Liveness probes are written at debug level only, so that they do not drown the log.
 */
class OneLineRequestLog extends LogController {
  override incomingRequest() {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    const line = {
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else if (request.url === '/api/health') reply.log.debug(line, 'request');
    else reply.log.info(line, 'request');
  }
}

const WEB_ROOT = process.env.YTCS_WEB_DIST ?? fileURLToPath(new URL('../web/dist', import.meta.url));

/** Builds the HTTP server: the only place that knows every module's routes. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { db } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    logController: new OneLineRequestLog(),
    genReqId: () => uuidv7(),
    trustProxy: process.env.YTCS_TRUST_PROXY === 'true',
    bodyLimit: 5 * 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    // What the router refuses before any route runs (a path parameter over maxParamLength, a broken
    // percent-encoding) is problem+json naming the parameters too (found by src/reliability's fuzz).
    frameworkErrors: (error, request, reply) =>
      // /fhir answers in FHIR's own shape: an OperationOutcome.
      request.url.startsWith('/fhir')
        ? fhirRouterError(error, reply)
        : sendProblem(
            request,
            reply,
            new AppError('validation', error.message, {
              status: error.statusCode ?? 400,
              errors: [
                {
                  path: 'params',
                  code: error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'too_big' : 'invalid_format',
                  message: error.message,
                  text: {
                    vi: 'Tham số trên đường dẫn quá dài hoặc không hợp lệ',
                    en: 'A path parameter is too long or malformed',
                  },
                },
              ],
            }),
          ),
  }).withTypeProvider<ZodTypeProvider>();
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(makeErrorHandler(db));
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !serveWeb)
      return sendProblem(
        request,
        reply,
        new AppError('not-found', `No route ${request.method} ${request.url.split('?')[0]}`),
      );
    // The web app's client-side routes (/units/22, /staff/…) all load index.html.
    return reply.sendFile('index.html');
  });

  // The web app's policy (docs/adr/0036): its own scripts only (no inline script, no eval), the
  // service worker and the manifest from itself, Mantine's and ECharts' inline styles, images and
  // fonts from itself or data: URLs, no plugins, no framing by others. Upgrading requests to HTTPS
  // only behind TLS: a station's laptop serves phones on its LAN over plain HTTP, where an upgrade
  // would make every script and style fail to load.
  const behindTls = process.env.YTCS_TRUST_PROXY === 'true';
  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        frameAncestors: ["'self'"],
        upgradeInsecureRequests: behindTls ? [] : null,
      },
    },
    // HSTS only makes sense behind TLS, which a reverse proxy provides.
    strictTransportSecurity: process.env.YTCS_TRUST_PROXY === 'true',
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'ytcs API',
        description: 'Y tế cơ sở — grassroots health network information system',
        version: options.version ?? '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'ytcs_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list' },
    staticCSP: false,
  });
  await app.register(authPlugin, { db });

  // Audit events are chained after commit (docs/adr/0016): once before serving, then every second on
  // PostgreSQL. On the embedded database, a query from a timer, beside the requests' own, was seen to
  // leave the one session broken (a portal dropped with its resources, then a backend spinning in its
  // error handler: docs/adr/0013), so there it seals only before serving, at shutdown and on verify.
  const sealInterval =
    options.auditSealIntervalMs ??
    Number(process.env.YTCS_AUDIT_SEAL_MS ?? (db.kind === 'postgres' ? 1000 : 0));
  const onSealError = (err: unknown) => app.log.error({ err }, 'sealing the audit log failed; retrying');
  let sealer: ReturnType<typeof startAuditSealer> | undefined;
  app.addHook('onReady', async () => {
    await sealAuditEvents(db.orm).catch(onSealError);
    if (sealInterval > 0) sealer = startAuditSealer(db.orm, sealInterval, onSealError);
  });
  const indicatorsMode = options.indicators ?? 'on-read';
  const onRefreshError = (err: unknown) =>
    app.log.error({ err }, 'keeping the indicator values current failed; retrying');
  let refresher: ReturnType<typeof startIndicatorRefresher> | undefined;
  app.addHook('onReady', async () => {
    if (indicatorsMode === 'at-start') {
      const pass = await keepIndicatorsCurrent(db.orm).catch(onRefreshError);
      if (pass) app.log.info({ indicators: pass }, 'indicator values brought up to date');
    }
    if (indicatorsMode === 'background')
      refresher = startIndicatorRefresher(
        db.orm,
        Number(process.env.YTCS_INDICATOR_REFRESH_MS ?? 100),
        onRefreshError,
        (pass) => {
          if (pass.caughtUp || pass.computed)
            app.log.debug({ indicators: pass }, 'indicator values kept current');
        },
      );
  });
  app.addHook('onClose', async () => {
    await refresher?.stop();
    await sealer?.stop();
    await sealAuditEvents(db.orm).catch(onSealError);
  });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.enum(['pglite', 'postgres']),
            version: z.string(),
          }),
        },
      },
    },
    async () => {
      await db.pool.query('SELECT 1');
      return { status: 'ok' as const, database: db.kind, version: options.version ?? '0.1.0' };
    },
  );

  await app.register(
    async (api) => {
      await api.register(accountRoutes, { db });
      await api.register(auditRoutes, { db });
      await api.register(networkRoutes, { db });
      await api.register(terminologyRoutes, { db });
      await api.register(indicatorRoutes, { db });
      await api.register(peopleRoutes, { db });
      await api.register(visitRoutes, { db });
      await api.register(claimRoutes, { db });
      await api.register(ncdRoutes, { db });
      await api.register(immunizationRoutes, { db });
      await api.register(worklistRoutes, { db });
      await api.register(growthRoutes, { db });
      await api.register(maternalRoutes, { db });
      await api.register(criteriaRoutes, { db, indicatorValues });
      await api.register(satisfactionRoutes, { db });
      await api.register(familyDoctorRoutes, { db });
      await api.register(resourcesRoutes, { db });
      await api.register(plansRoutes, { db });
      await api.register(syncRoutes, { db });
      await api.register(surveillanceRoutes, { db });
      await api.register(referralRoutes, { db });
      await api.register(exchangeRoutes, { db });
      await api.register(privacyRoutes, { db });
      await api.register(opsRoutes, { db });
    },
    { prefix: '/api/v1' },
  );
  // FHIR R4 over the modules' own data (issue 19, docs/adr/0030).
  await app.register(fhirRoutes, { db, prefix: '/fhir' });

  const webRoot = options.webRoot ?? WEB_ROOT;
  const serveWeb = existsSync(webRoot);
  if (serveWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      maxAge: '1h',
    });
  }
  return app;
}
