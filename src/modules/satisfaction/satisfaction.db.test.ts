import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../core/clock.js';
import { rows } from '../../db/connection.js';
import { createStation } from '../../test-support/fixtures.js';
import { testApp, userSession, type Session, type TestApp } from '../../test-support/server.js';
import { SURVEY_ANSWERS_PER_MINUTE } from './routes.js';

let t: TestApp;
let head: Session;
let manager: Session;
let stationId: string;
let key: string;

const open = (ip: string, k = key) =>
  t.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${k}`, remoteAddress: ip });
const answer = (ip: string, token: string, answers: Record<string, number | null>) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/public/surveys/${key}/answers`,
    remoteAddress: ip,
    payload: { token, answers },
  });
const allOf = (score: number) =>
  Object.fromEntries(['A1', 'A2', 'A3', 'A4', 'A5', 'B1', 'C1', 'D1', 'E1', 'E4'].map((c) => [c, score]));

beforeAll(async () => {
  t = await testApp();
  const admin = await userSession(t, 'survey.admin', 'system_admin', 'VN');
  stationId = await createStation(admin, '06862');
  head = await userSession(t, 'survey.head', 'station_head', '06862');
  manager = await userSession(t, 'survey.so', 'province_manager', '22');
});
afterAll(async () => t?.close());

describe('satisfaction surveys (3869/QĐ-BYT, outpatients)', () => {
  it('gives the station one public link, the same at every request', async () => {
    const first = await head.request('POST', `/api/v1/satisfaction/stations/${stationId}/link`);
    expect(first.statusCode, first.body).toBe(200);
    key = first.json().linkKey;
    expect(first.json().path).toBe(`/khao-sat/${key}`);
    const again = await head.request('POST', `/api/v1/satisfaction/stations/${stationId}/link`);
    expect(again.json().linkKey).toBe(key);
  });

  it('opens the form without sign-in: 31 questions on a 1–5 scale and a token', async () => {
    const res = await open('10.1.0.1');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.form.sections.flatMap((s: { questions: unknown[] }) => s.questions)).toHaveLength(31);
    expect(body.form.scale.map((s: { score: number }) => s.score)).toEqual([1, 2, 3, 4, 5]);
    expect(body.stationName).toBe('Trạm y tế 06862');
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await open('10.1.0.1', 'no-such-link-key-here')).statusCode).toBe(404);
  });

  it('accepts an answer once per token and counts it once', async () => {
    const { token } = (await open('10.1.0.2')).json();
    const first = await answer('10.1.0.2', token, allOf(5));
    expect(first.statusCode, first.body).toBe(201);
    const reused = await answer('10.1.0.3', token, allOf(1));
    expect(reused.statusCode).toBe(409);
    expect(reused.json().errors[0]).toMatchObject({ path: 'body.token', code: 'already_answered' });
    expect(reused.json().errors[0].message).toBe('Phiếu này đã được gửi, mỗi phiếu chỉ gửi một lần');
    const [n] = await rows<{ n: number }>(t.db.orm, sql`SELECT count(*)::int AS n FROM survey_responses`);
    expect(n!.n).toBe(1);
  });

  it('stores nothing about who answered', async () => {
    const [r] = await rows<Record<string, unknown>>(t.db.orm, sql`SELECT * FROM survey_responses`);
    expect(Object.keys(r!).sort()).toEqual(
      [
        'answered_on',
        'answers',
        'change_seq',
        'created_at',
        'facility_id',
        'form_id',
        'id',
        'link_id',
        'satisfied',
        'unit_path',
      ].sort(),
    );
    const [tok] = await rows<Record<string, unknown>>(t.db.orm, sql`SELECT * FROM survey_tokens LIMIT 1`);
    expect(Object.keys(tok!).sort()).toEqual(['issued_at', 'link_id', 'token_hash', 'used_at']);
  });

  it('refuses unknown questions and scores out of the scale, field by field, in English when asked', async () => {
    const { token } = (await open('10.1.0.4')).json();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${key}/answers`,
      remoteAddress: '10.1.0.4',
      headers: { 'accept-language': 'en' },
      payload: { token, answers: { A1: 4, Z9: 3 } },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { path: 'body.answers.Z9', code: 'unknown_question', message: 'No question Z9 on this form' },
    ]);
    const outOfScale = await answer('10.1.0.4', token, { A1: 6 });
    expect(outOfScale.statusCode).toBe(400);
    expect(outOfScale.json().errors[0].path).toBe('body.answers.A1');
    // The token was not spent by the refused answers.
    expect((await answer('10.1.0.4', token, allOf(2))).statusCode).toBe(201);
  });

  it(`refuses a flood from one address after ${SURVEY_ANSWERS_PER_MINUTE} answers a minute`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < SURVEY_ANSWERS_PER_MINUTE + 2; i++) {
      const { token } = (await open('10.1.9.9')).json();
      statuses.push((await answer('10.1.9.9', token, allOf(4))).statusCode);
    }
    expect(statuses).toEqual([...Array(SURVEY_ANSWERS_PER_MINUTE).fill(201), 429, 429]);
    const flooded = await answer('10.1.9.9', 'x'.repeat(43), allOf(4));
    expect(flooded.json().type).toContain('rate-limited');
  });

  it('gives results per question and T9 = satisfied answers / answers, by the day they were given', async () => {
    // So far: one all-5 (satisfied), one all-2 (not), five all-4 (satisfied, mean exactly 4).
    const day = today();
    const res = await manager.request(
      'GET',
      `/api/v1/satisfaction/stations/${stationId}/results?from=${day}&to=${day}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ answers: 7, satisfied: 6, satisfiedShare: 85.71 });
    const a1 = r.questions.find((q: { code: string }) => q.code === 'A1');
    expect(a1).toMatchObject({
      answers: 7,
      mean: 3.86,
      satisfiedShare: 85.71,
      counts: { '2': 1, '4': 5, '5': 1 },
    });
    expect(r.questions.find((q: { code: string }) => q.code === 'B2')).toMatchObject({
      answers: 0,
      mean: null,
    });

    const month = day.slice(0, 7);
    const t9 = async (period: string) =>
      (await manager.request('GET', `/api/v1/indicators/T9/values?unit=06862&period=${period}`)).json()
        .values[0];
    expect(await t9(month)).toMatchObject({ numerator: 6, denominator: 7 });
    // An answer dated on the last day of last month counts there, not in this month.
    const last = new Date(`${month}-01T00:00:00Z`);
    last.setUTCDate(0);
    const lastDay = last.toISOString().slice(0, 10);
    await t.db.orm.execute(
      sql`UPDATE survey_responses SET answered_on = ${lastDay}::date WHERE id = (SELECT id FROM survey_responses WHERE NOT satisfied LIMIT 1)`,
    );
    expect(await t9(month)).toMatchObject({ numerator: 6, denominator: 6 });
    expect(await t9(lastDay.slice(0, 7))).toMatchObject({ numerator: 0, denominator: 1 });
  });

  it('keeps the results to the station and the province', async () => {
    const other = await userSession(t, 'survey.other', 'station_head', '06838');
    const day = today();
    const res = await other.request(
      'GET',
      `/api/v1/satisfaction/stations/${stationId}/results?from=${day}&to=${day}`,
    );
    expect(res.statusCode).toBe(404);
  });
});
