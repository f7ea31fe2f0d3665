import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../core/clock.js';
import type { Actor } from '../../core/actor.js';
import { createStation } from '../../test-support/fixtures.js';
import { testApp, userActor, userSession, type TestApp } from '../../test-support/server.js';
import { createApiToken } from '../accounts/index.js';
import { listAuditEvents } from '../audit/index.js';
import { validationIssues } from './definitions.js';

/**
 * The station of Tiên Yên (06862) with its public survey link, and the one of Bình Liêu (06838).
 * A clinician of each commune speaks FHIR with a bearer token; a kiosk sends the answers of the
 * Tiên Yên form with the one-answer tokens the public form hands out.
 */
let t: TestApp;
let auditor: Actor;
let stationA: string;
let stationB: string;
let key: string;
let token: string;
let otherToken: string;
let ip = 0;
const CANONICAL = 'https://ytcs.vn/fhir/Questionnaire/outpatient-3869';
const SCORE = 'https://ytcs.vn/fhir/CodeSystem/satisfaction-score';
const TOKEN = 'https://ytcs.vn/fhir/sid/survey-token';

beforeAll(async () => {
  t = await testApp();
  const admin = await userSession(t, 'qr.admin', 'system_admin', 'VN');
  stationA = await createStation(admin, '06862');
  stationB = await createStation(admin, '06838');
  const head = await userSession(t, 'qr.head', 'station_head', '06862');
  const link = await head.request('POST', `/api/v1/satisfaction/stations/${stationA}/link`);
  expect(link.statusCode, link.body).toBe(200);
  key = link.json().linkKey;
  await userSession(t, 'qr.doctor', 'clinician', '06862');
  await userSession(t, 'qr.other', 'clinician', '06838');
  token = (await createApiToken(t.db.orm, 'qr.doctor', 'test')).token;
  otherToken = (await createApiToken(t.db.orm, 'qr.other', 'test')).token;
  auditor = await userActor(t, 'qr.auditor', 'auditor', 'VN');
});
afterAll(async () => t?.close());

const fhir = (
  method: 'GET' | 'POST',
  url: string,
  bearer = token,
  body?: unknown,
): Promise<LightMyRequestResponse> =>
  t.app.inject({
    method,
    url: `/fhir/${url}`,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body !== undefined ? { 'content-type': 'application/fhir+json' } : {}),
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });

/** A fresh one-answer token from the station's public form (a new client address each time). */
async function formToken(): Promise<string> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/public/surveys/${key}`,
    remoteAddress: `10.9.0.${++ip}`,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().token as string;
}

const coded = (score: number) => [{ valueCoding: { system: SCORE, code: String(score) } }];

/** Nguyễn Thị Lan's answers on paper: A1 5, A2 4, A3 without opinion, B1 2 (mean 3.67: not satisfied). */
const lan = (formTokenValue: string, station = stationA) => ({
  resourceType: 'QuestionnaireResponse',
  identifier: { system: TOKEN, value: formTokenValue },
  questionnaire: `${CANONICAL}|1`,
  status: 'completed',
  subject: { reference: `Organization/${station}` },
  authored: today(),
  item: [
    {
      linkId: 'A',
      item: [{ linkId: 'A1', answer: coded(5) }, { linkId: 'A2', answer: coded(4) }, { linkId: 'A3' }],
    },
    { linkId: 'B', item: [{ linkId: 'B1', answer: coded(2) }] },
  ],
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- resources read back, checked field by field
type Res = Record<string, any>;

/** Question code → score of a response read back (null: no answer), wherever the item lies. */
function scores(r: Res): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  const walk = (items: Res[] | undefined) => {
    for (const i of items ?? []) {
      if (i.item) walk(i.item);
      else out[i.linkId] = i.answer?.[0]?.valueCoding?.code ?? null;
    }
  };
  walk(r.item);
  return out;
}

async function search(url: string, bearer = token) {
  const res = await fhir('GET', url, bearer);
  expect(res.statusCode, res.body).toBe(200);
  const b = res.json() as { total: number; entry?: { resource: Res }[]; link: { relation: string }[] };
  for (const e of b.entry ?? []) expect(validationIssues(e.resource)).toEqual([]);
  return { total: b.total, resources: (b.entry ?? []).map((e) => e.resource), links: b.link };
}

let lanId: string;

describe('fhir: Questionnaire (the satisfaction form, versioned data)', () => {
  it('serves version 1 of the 3869 outpatient form: five sections, 31 questions on the 1–5 scale', async () => {
    const res = await fhir('GET', 'Questionnaire/outpatient-3869-v1');
    expect(res.statusCode, res.body).toBe(200);
    const q = res.json();
    expect(validationIssues(q)).toEqual([]);
    expect(q).toMatchObject({
      url: CANONICAL,
      version: '1',
      status: 'active',
      title: 'Phiếu khảo sát ý kiến người bệnh ngoại trú',
    });
    expect(q.item.map((s: Res) => s.linkId)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(q.item.flatMap((s: Res) => s.item)).toHaveLength(31);
    expect(q.item[0].item[0].answerOption.map((o: Res) => o.valueCoding.code)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    expect(q.item[0].item[0].answerOption[4].valueCoding.display).toBe('Rất hài lòng');
    expect((await search(`Questionnaire?url=${CANONICAL}`)).total).toBe(1);
    expect((await search(`Questionnaire?url=${CANONICAL}&version=2`)).total).toBe(0);
    expect((await fhir('GET', 'Questionnaire/outpatient-3869-v2')).statusCode).toBe(404);
    expect((await fhir('POST', 'Questionnaire', token, q)).statusCode).toBe(405);
  });
});

describe('fhir: QuestionnaireResponse (anonymous satisfaction answers)', () => {
  it('creates an answer with the form’s token and reads it back equal in meaning, audited', async () => {
    const res = await fhir('POST', 'QuestionnaireResponse', token, lan(await formToken()));
    expect(res.statusCode, res.body).toBe(201);
    lanId = res.json().id;
    expect(res.headers.location).toMatch(new RegExp(`/fhir/QuestionnaireResponse/${lanId}/_history/1$`));
    const read = await fhir('GET', `QuestionnaireResponse/${lanId}`);
    expect(read.statusCode, read.body).toBe(200);
    const r = read.json();
    expect(validationIssues(r)).toEqual([]);
    expect(r).toMatchObject({
      questionnaire: `${CANONICAL}|1`,
      status: 'completed',
      subject: { reference: `Organization/${stationA}`, display: 'Trạm y tế 06862' },
      authored: today(),
      extension: [{ url: 'https://ytcs.vn/fhir/StructureDefinition/survey-satisfied', valueBoolean: false }],
    });
    expect(scores(r)).toEqual({ A1: '5', A2: '4', A3: null, B1: '2' });
    expect(r.item.map((s: Res) => s.linkId)).toEqual(['A', 'B']);
    expect(r.item[0].item[0].answer[0].valueCoding.display).toBe('Rất hài lòng');
    // Nothing about the respondent: no source, no author, the token is not kept.
    expect(r.source).toBeUndefined();
    expect(r.author).toBeUndefined();
    expect(r.identifier).toBeUndefined();
    const events = await listAuditEvents(
      t.db.orm,
      auditor,
      { entityType: 'survey_response', entityId: lanId },
      { limit: 10, offset: 0 },
    );
    expect(events.items.map((e) => [e.action, e.actorUsername])).toEqual([['create', 'qr.doctor']]);
  });

  it('refuses a token used once already, as the public form does (409)', async () => {
    const once = await formToken();
    expect((await fhir('POST', 'QuestionnaireResponse', token, lan(once))).statusCode).toBe(201);
    const again = await fhir('POST', 'QuestionnaireResponse', token, lan(once));
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json().issue[0]).toMatchObject({
      code: 'conflict',
      expression: ['QuestionnaireResponse.identifier'],
    });
  });

  it('refuses invalid answers with an OperationOutcome naming each FHIRPath, and stores nothing', async () => {
    const before = (await search('QuestionnaireResponse?_summary=count')).total;
    const noStatus: Res = lan(await formToken());
    delete noStatus.status;
    const structural = await fhir('POST', 'QuestionnaireResponse', token, noStatus);
    expect(structural.statusCode, structural.body).toBe(400);
    expect(structural.json().issue.map((i: Res) => i.expression?.[0])).toContain(
      'QuestionnaireResponse.status',
    );

    const formValue = await formToken();
    const outOfScale: Res = lan(formValue);
    outOfScale.item[0].item[0].answer = coded(7);
    const scale = await fhir('POST', 'QuestionnaireResponse', token, outOfScale);
    expect(scale.statusCode, scale.body).toBe(422);
    expect(scale.json().issue).toHaveLength(1);
    expect(scale.json().issue[0].expression).toEqual([
      "QuestionnaireResponse.repeat(item).where(linkId='A1')",
    ]);

    const unknown: Res = lan(formValue);
    unknown.item.push({ linkId: 'Z9', answer: coded(3) });
    const question = await fhir('POST', 'QuestionnaireResponse', token, unknown);
    expect(question.statusCode, question.body).toBe(422);
    expect(question.json().issue[0]).toMatchObject({
      expression: ["QuestionnaireResponse.repeat(item).where(linkId='Z9')"],
      details: { text: 'Phiếu không có câu Z9' },
    });

    const noToken: Res = lan(formValue);
    delete noToken.identifier;
    const missing = await fhir('POST', 'QuestionnaireResponse', token, noToken);
    expect(missing.statusCode).toBe(422);
    expect(missing.json().issue[0].expression).toEqual(['QuestionnaireResponse.identifier']);

    const otherVersion = await fhir('POST', 'QuestionnaireResponse', token, {
      ...lan(formValue),
      questionnaire: `${CANONICAL}|2`,
    });
    expect(otherVersion.statusCode).toBe(422);
    expect(otherVersion.json().issue[0].expression).toEqual(['QuestionnaireResponse.questionnaire']);
    expect((await search('QuestionnaireResponse?_summary=count')).total).toBe(before);
    // The token refused with those is still good for one answer.
    expect((await fhir('POST', 'QuestionnaireResponse', token, lan(formValue))).statusCode).toBe(201);
  });

  it('finds the answers by station, questionnaire, day answered and day stored, a page at a time', async () => {
    // One more, sent by the public form itself: the FHIR search sees the answers however they came.
    const pub = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${key}/answers`,
      remoteAddress: '10.9.1.1',
      payload: { token: await formToken(), answers: { A1: 5, E4: 4 } },
    });
    expect(pub.statusCode, pub.body).toBe(201);
    // Lan's, the one answered twice, the one after the refusals, the public one.
    const all = await search(`QuestionnaireResponse?subject=Organization/${stationA}`);
    expect(all.total).toBe(4);
    expect(all.resources.filter((r) => scores(r).E4 === '4')).toHaveLength(1);
    expect(all.resources.find((r) => scores(r).E4 === '4')!.extension[0].valueBoolean).toBe(true);
    expect((await search(`QuestionnaireResponse?questionnaire=${CANONICAL}`)).total).toBe(4);
    expect((await search(`QuestionnaireResponse?questionnaire=${CANONICAL}|1`)).total).toBe(4);
    expect((await search('QuestionnaireResponse?questionnaire=Questionnaire/outpatient-3869-v1')).total).toBe(
      4,
    );
    expect((await search(`QuestionnaireResponse?questionnaire=${CANONICAL}|2`)).total).toBe(0);
    expect((await search(`QuestionnaireResponse?authored=${today()}`)).total).toBe(4);
    expect((await search(`QuestionnaireResponse?authored=lt${today()}`)).total).toBe(0);
    const noDay = await fhir('GET', 'QuestionnaireResponse?authored=ge2025-02-30');
    expect(noDay.statusCode, noDay.body).toBe(400);
    expect(noDay.json().issue[0].code).toBe('invalid');
    expect((await search('QuestionnaireResponse?_lastUpdated=ge2025-07-01')).total).toBe(4);
    expect((await search('QuestionnaireResponse?_lastUpdated=gt2099-01-01')).total).toBe(0);
    expect((await search(`QuestionnaireResponse?subject=Organization/${stationB}`)).total).toBe(0);
    expect((await search('QuestionnaireResponse?status=in-progress')).total).toBe(0);
    const page = await search('QuestionnaireResponse?_count=3');
    expect(page.resources).toHaveLength(3);
    expect(page.links.map((l) => l.relation)).toEqual(['self', 'first', 'next']);
    const included = await search(`QuestionnaireResponse?_include=QuestionnaireResponse:subject`);
    expect(included.resources.filter((r) => r.resourceType === 'Organization').map((r) => r.id)).toEqual([
      stationA,
    ]);
  });

  it('is not found by a user of another commune (read 404, search empty, create for the station 404)', async () => {
    expect((await fhir('GET', `QuestionnaireResponse/${lanId}`, otherToken)).statusCode).toBe(404);
    expect((await search('QuestionnaireResponse', otherToken)).total).toBe(0);
    expect((await search(`QuestionnaireResponse?subject=Organization/${stationA}`, otherToken)).total).toBe(
      0,
    );
    const res = await fhir('POST', 'QuestionnaireResponse', otherToken, lan(await formToken()));
    expect(res.statusCode, res.body).toBe(404);
    expect(res.json().resourceType).toBe('OperationOutcome');
  });

  it('is in the CapabilityStatement: create, read and search; a reverse include of Organization only', async () => {
    const cs = (await fhir('GET', 'metadata')).json();
    const byType = new Map<string, Res>(cs.rest[0].resource.map((r: Res) => [r.type, r]));
    expect(
      byType
        .get('QuestionnaireResponse')!
        .interaction.map((i: Res) => i.code)
        .sort(),
    ).toEqual(['create', 'read', 'search-type']);
    expect(
      byType
        .get('Questionnaire')!
        .interaction.map((i: Res) => i.code)
        .sort(),
    ).toEqual(['read', 'search-type']);
    expect(byType.get('Organization')!.searchRevInclude).toContain('QuestionnaireResponse:subject');
    expect(byType.get('Patient')!.searchRevInclude).not.toContain('QuestionnaireResponse:subject');
  });
});
