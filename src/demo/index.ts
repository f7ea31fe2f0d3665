/**
 * The demo: fills an EMPTY database with a realistic, deterministic province (network, people,
 * visits, then accounts; a module with demo data adds its step to DEMO_STEPS). Same seed and scale,
 * same data. The demo lives outside the modules and off the request path: it reads through the
 * modules' published functions and relations and writes through their services (accounts) or
 * their published bulk writers (network, people, visits), never naming a table itself
 * (docs/adr/0020-module-boundaries.md).
 */
import { sql } from 'drizzle-orm';
import { systemActor } from '../core/actor.js';
import { today as currentDay } from '../core/clock.js';
import type { Database } from '../db/connection.js';
import { findUnit, listFacilities, listUnits } from '../modules/network/index.js';
import { generateAccountsDemo, type DemoAccount } from './accounts.js';
import { generateNetworkDemo, type NetworkDemoSummary } from './network.js';
import { generatePeopleDemo, type PeopleDemoSummary } from './people.js';
import { createRng, type Rng } from './random.js';
import { generateVisitsDemo, type VisitsDemoSummary } from './visits.js';
import { generateImmunizationDemo } from './immunization.js';
import { generateNcdDemo } from './ncd.js';
import { generateMaternalDemo } from './maternal.js';
import { generateCriteriaDemo } from './criteria.js';
import { generateFamilyDoctorDemo } from './familydoctor.js';
import { generateReferralDemo } from './referral.js';
import { generateResourcesDemo } from './resources.js';
import { generateSurveillanceDemo } from './surveillance.js';

export type { DemoAccount } from './accounts.js';
export type { NetworkDemoSummary } from './network.js';
export type { PeopleDemoSummary } from './people.js';
export type { VisitsDemoSummary } from './visits.js';

/** The password of every demo account (printed by `ytcs demo`; a demo is not for real data). */
export const DEMO_PASSWORD = 'ytcs-demo-2025';
export const DEMO_DEFAULT_SEED = 2025;
export const DEMO_DEFAULT_SCALE = 1;

export type DemoProgress = (step: string, done: number, total: number) => void;

export interface DemoOptions {
  /** A province of the current map (2 digits, e.g. '22' Quảng Ninh). */
  provinceCode: string;
  /** 1 = realistic numbers; smaller for quick tests. */
  scale?: number;
  seed?: number;
  password?: string;
  progress?: DemoProgress;
  /** "Today" for ages and dates (default: the real today, core/clock's; one day for every step). */
  today?: string;
}

export interface DemoResult {
  accounts: DemoAccount[];
  network: NetworkDemoSummary;
  people: PeopleDemoSummary;
  visits?: VisitsDemoSummary;
  seconds: number;
}

interface DemoContext {
  db: Database;
  provinceCode: string;
  scale: number;
  password: string;
  today: string;
  progress: DemoProgress | undefined;
  /** This step's own generator (forked by step name: adding a step changes no other step's data). */
  rng: Rng;
  result: Partial<Omit<DemoResult, 'seconds'>>;
}

interface DemoStep {
  name: string;
  run(ctx: DemoContext): Promise<void>;
}

/** The steps, in order. A module with demo data adds one line here. */
const DEMO_STEPS: DemoStep[] = [
  {
    name: 'network',
    async run(ctx) {
      ctx.result.network = await generateNetworkDemo(ctx.db, {
        provinceCode: ctx.provinceCode,
        scale: ctx.scale,
        rng: ctx.rng,
        ...(ctx.progress ? { progress: ctx.progress } : {}),
        today: ctx.today,
      });
    },
  },
  {
    name: 'people',
    async run(ctx) {
      ctx.result.people = await generatePeopleDemo(ctx.db, {
        provinceCode: ctx.provinceCode,
        scale: ctx.scale,
        rng: ctx.rng,
        ...(ctx.progress ? { progress: ctx.progress } : {}),
        today: ctx.today,
      });
    },
  },
  {
    name: 'visits',
    async run(ctx) {
      ctx.result.visits = await generateVisitsDemo(ctx.db, {
        provinceCode: ctx.provinceCode,
        scale: ctx.scale,
        rng: ctx.rng,
        ...(ctx.progress ? { progress: ctx.progress } : {}),
        today: ctx.today,
      });
    },
  },
  {
    name: 'ncd',
    async run(ctx) {
      await generateNcdDemo(ctx.db, {
        provinceCode: ctx.provinceCode,
        rng: ctx.rng,
        ...(ctx.progress ? { progress: ctx.progress } : {}),
        today: ctx.today,
      });
    },
  },
  {
    name: 'immunization',
    async run(ctx) {
      await generateImmunizationDemo(ctx.db, {
        provinceCode: ctx.provinceCode,
        rng: ctx.rng,
        ...(ctx.progress ? { progress: ctx.progress } : {}),
        today: ctx.today,
      });
    },
  },
  {
    name: 'maternal',
    async run(ctx) {
      await generateMaternalDemo(ctx.db, {
        provinceCode: ctx.provinceCode,
        rng: ctx.rng,
        ...(ctx.progress ? { progress: ctx.progress } : {}),
        today: ctx.today,
      });
    },
  },
  {
    name: 'criteria',
    async run(ctx) {
      await generateCriteriaDemo(ctx.db, {
        provinceCode: ctx.provinceCode,
        rng: ctx.rng,
        ...(ctx.progress ? { progress: ctx.progress } : {}),
        today: ctx.today,
      });
    },
  },
  {
    name: 'familydoctor',
    async run(ctx) {
      await generateFamilyDoctorDemo(ctx.db, {
        provinceCode: ctx.provinceCode,
        rng: ctx.rng,
        today: ctx.today,
      });
    },
  },
  {
    name: 'resources',
    async run(ctx) {
      ctx.progress?.('resources', 0, 1);
      await generateResourcesDemo(ctx.db, { provinceCode: ctx.provinceCode, rng: ctx.rng, today: ctx.today });
      ctx.progress?.('resources', 1, 1);
    },
  },
  {
    name: 'surveillance',
    async run(ctx) {
      ctx.progress?.('surveillance', 0, 1);
      await generateSurveillanceDemo(ctx.db, {
        provinceCode: ctx.provinceCode,
        rng: ctx.rng,
        scale: ctx.scale,
        today: ctx.today,
      });
      ctx.progress?.('surveillance', 1, 1);
    },
  },
  {
    name: 'referral',
    async run(ctx) {
      ctx.progress?.('referral', 0, 1);
      await generateReferralDemo(ctx.db, { provinceCode: ctx.provinceCode, rng: ctx.rng, today: ctx.today });
      ctx.progress?.('referral', 1, 1);
    },
  },
  {
    name: 'accounts',
    async run(ctx) {
      ctx.progress?.('accounts', 0, 1);
      ctx.result.accounts = await generateAccountsDemo(ctx.db, {
        provinceCode: ctx.provinceCode,
        password: ctx.password,
        rng: ctx.rng,
      });
      ctx.progress?.('accounts', 1, 1);
    },
  },
];

/** True when the database holds network data (facilities): the demo will not run on it. */
export async function hasData(db: Database): Promise<boolean> {
  const page = await listFacilities(db.orm, systemActor('demo'), {}, { limit: 1, offset: 0 });
  return page.total > 0;
}

/**
 * Generates the demo for one province. Throws when the database already holds facilities (the demo
 * fills an empty database) or when the province is not on the current map.
 */
export async function generateDemo(db: Database, opts: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const scale = opts.scale ?? DEMO_DEFAULT_SCALE;
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 20))
    throw new Error(`The demo scale must be a number above 0 and at most 20 (got ${opts.scale})`);
  const seed = opts.seed ?? DEMO_DEFAULT_SEED;
  if (!Number.isInteger(seed)) throw new Error(`The demo seed must be an integer (got ${opts.seed})`);

  if (await hasData(db))
    throw new Error(
      'This database already holds facilities: the demo only fills an empty database. Use a new data directory (YTCS_DATA_DIR) or database.',
    );
  const province = await findUnit(db.orm, { code: opts.provinceCode, map: 'post2025' });
  if (!province || province.level !== 'province') {
    const provinces = await listUnits(
      db.orm,
      systemActor('demo'),
      { level: 'province' },
      { limit: 100, offset: 0 },
    );
    const known = provinces.items.map((p) => `${p.code} ${p.name}`).join(', ');
    throw new Error(
      `No province with code "${opts.provinceCode}" on the current map (since 1/7/2025). ` +
        (known
          ? `Province codes are two digits: ${known}.`
          : 'The database has no units yet: run the migrations and load the reference data first (`ytcs` does it on start).'),
    );
  }

  const root = createRng(seed);
  const ctx: Omit<DemoContext, 'rng'> = {
    db,
    provinceCode: province.code,
    scale,
    password: opts.password ?? DEMO_PASSWORD,
    today: opts.today ?? currentDay(),
    progress: opts.progress,
    result: {},
  };
  for (const step of DEMO_STEPS) await step.run({ ...ctx, rng: root.fork(step.name) });
  // Fresh statistics after the bulk load, so that the first queries get good plans (autovacuum
  // would get there later on PostgreSQL; PGlite has none).
  await db.orm.execute(sql`ANALYZE`);

  const { network, people, accounts, visits } = ctx.result;
  if (!network || !people || !accounts) throw new Error('demo: a step did not report its result');
  return {
    network,
    people,
    accounts,
    ...(visits ? { visits } : {}),
    seconds: (performance.now() - started) / 1000,
  };
}
