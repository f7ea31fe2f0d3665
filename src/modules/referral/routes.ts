import { z } from 'zod';
import { sendDownload } from '../../core/downloads.js';
import { idParams, problemResponses, type ModuleRoutes } from '../../http/types.js';
import {
  answerInput,
  consultationInput,
  consultationListQuery,
  consultationOut,
  feedbackInput,
  listValueOut,
  patientCoordinationOut,
  reExaminationInput,
  receiveInput,
  referralInput,
  referralListQuery,
  referralOut,
  validityOut,
} from './contracts.js';
import { listOn, validityOn } from './calendar.js';
import { referralPdf } from './print.js';
import { patientCoordination } from './record.js';
import { HOLIDAYS, LISTS, loadReferralFile } from './reference.js';
import {
  createReExamination,
  createReferral,
  destinations,
  getReferral,
  listReferrals,
  receiveReferral,
  recordFeedback,
  referralForPrint,
} from './service.js';
import {
  answerConsultation,
  closeConsultation,
  consultationAttachment,
  getConsultation,
  listConsultations,
  requestConsultation,
} from './teleconsult.js';
import { today } from '../../core/clock.js';
import { requirePermission } from '../../core/actor.js';

const tags = ['referral'];
const residentParams = z.object({ residentId: z.uuid() });

export const referralRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.post('/referrals', {
    schema: {
      tags,
      summary:
        'Write a referral slip (giấy chuyển cơ sở, XML13 fields): its validity is reckoned by the holiday calendar and the chronic list',
      body: referralInput,
      response: { 201: referralOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return createReferral(orm, req.actor(), req.body);
    },
  });

  app.get('/referrals', {
    schema: {
      tags,
      summary:
        "Slips sent from the actor's area, or sent to a facility (and the facilities under it): direction=incoming&facilityId=…",
      querystring: referralListQuery,
      response: {
        200: z.object({
          items: z.array(referralOut),
          total: z.number(),
          limit: z.number(),
          offset: z.number(),
        }),
        ...problemResponses,
      },
    },
    handler: async (req) => listReferrals(orm, req.actor(), req.query),
  });

  app.get('/referrals/validity', {
    schema: {
      tags,
      summary: 'The validity a slip signed on a day with a diagnosis would have, with the holidays counted',
      querystring: z.object({
        // A slip of this century: the calendar and the lists hold no other years.
        issuedOn: z.iso
          .date()
          .refine((d) => d >= '2000-01-01' && d <= '2099-12-31', 'must be a day of 2000–2099'),
        diagnosisCode: z.string().trim().min(1).max(10),
      }),
      response: { 200: validityOut, ...problemResponses },
    },
    handler: async (req) => {
      requirePermission(req.actor(), 'person.read');
      const v = await validityOn(orm, req.query.issuedOn, req.query.diagnosisCode.toUpperCase());
      return {
        issuedOn: req.query.issuedOn,
        validUntil: v.validUntil,
        validity: v.validity,
        holidays: v.holidays
          .filter((h) => h.day <= v.validUntil)
          .map((h) => ({ day: h.day, nameVi: h.nameVi, basis: h.basis })),
      };
    },
  });

  app.get('/referral/lists/:list', {
    schema: {
      tags,
      summary:
        'A list of the module in force today: chronic-one-year, transport, teleconsult-condition, teleconsult-facility',
      params: z.object({
        list: z.enum(['chronic-one-year', 'transport', 'teleconsult-condition', 'teleconsult-facility']),
      }),
      response: { 200: z.array(listValueOut), ...problemResponses },
    },
    handler: async (req) => {
      requirePermission(req.actor(), 'network.read');
      return (await listOn(orm, req.params.list, today())).map(({ code, displayVi, displayEn }) => ({
        code,
        displayVi,
        displayEn,
      }));
    },
  });

  app.put('/referral/reference/:name', {
    schema: {
      tags,
      summary:
        'Load a new version of the holiday calendar (holidays) or of a list, as CSV text (system administrators)',
      params: z.object({ name: z.enum([HOLIDAYS, ...LISTS]) }),
      body: z.strictObject({ csv: z.string().min(1).max(2_000_000) }),
      response: { 200: z.object({ name: z.string(), rows: z.number() }), ...problemResponses },
    },
    handler: async (req) => loadReferralFile(orm, req.actor(), req.params.name, req.body.csv),
  });

  app.get('/referral/destinations', {
    schema: {
      tags,
      summary: "Facilities of the actor's province a slip may be sent to or a question asked of",
      querystring: z.object({ q: z.string().trim().max(100).optional() }),
      response: {
        200: z.array(
          z.object({
            id: z.uuid(),
            code: z.string(),
            name: z.string(),
            kind: z.string(),
            parentFacilityId: z.uuid().nullable(),
          }),
        ),
        ...problemResponses,
      },
    },
    handler: async (req) => destinations(orm, req.actor(), req.query.q),
  });

  app.get('/referrals/:id', {
    schema: {
      tags,
      summary: 'A referral slip with its feedback',
      params: idParams,
      response: { 200: referralOut, ...problemResponses },
    },
    handler: async (req) => getReferral(orm, req.actor(), req.params.id),
  });

  app.get('/referrals/:id/slip.pdf', {
    schema: { tags, summary: 'The printable referral slip (PDF)', params: idParams },
    handler: async (req, reply) => {
      const { referral, patient } = await referralForPrint(orm, req.actor(), req.params.id);
      const body = await referralPdf(referral, patient);
      const fileName = `giay-chuyen-${referral.slipNumber.replace(/[^0-9A-Za-z]+/g, '-')}.pdf`;
      return sendDownload(reply, { format: 'pdf', fileName, body, inline: true });
    },
  });

  app.post('/referrals/:id/receive', {
    schema: {
      tags,
      summary:
        'The receiving facility takes the slip in (received); with seenOn, the patient was examined (seen)',
      params: idParams,
      body: receiveInput,
      response: { 200: referralOut, ...problemResponses },
    },
    handler: async (req) => receiveReferral(orm, req.actor(), req.params.id, req.body),
  });

  app.post('/referrals/:id/feedback', {
    schema: {
      tags,
      summary: "The receiving facility's feedback: closes the loop and shows in the patient's record",
      params: idParams,
      body: feedbackInput,
      response: { 200: referralOut, ...problemResponses },
    },
    handler: async (req) => recordFeedback(orm, req.actor(), req.params.id, req.body),
  });

  app.post('/referrals/:id/re-examination', {
    schema: {
      tags,
      summary: 'A re-examination slip to the same facility, after a slip returned with feedback',
      params: idParams,
      body: reExaminationInput,
      response: { 201: referralOut, ...problemResponses },
    },
    handler: async (req, reply) => {
      reply.code(201);
      return createReExamination(orm, req.actor(), req.params.id, req.body);
    },
  });

  app.get('/referral/residents/:residentId', {
    schema: {
      tags,
      summary: "A patient's referral slips (with feedback) and teleconsultations (with answers)",
      params: residentParams,
      response: { 200: patientCoordinationOut, ...problemResponses },
    },
    handler: async (req) => patientCoordination(orm, req.actor(), req.params.residentId),
  });

  // Teleconsultation (tư vấn từ xa).
  app.post('/teleconsultations', {
    schema: {
      tags,
      summary:
        'Ask an upper-level facility about a patient (summary, vitals, photos or an ECG, a video link)',
      body: consultationInput,
      response: { 201: consultationOut, ...problemResponses },
    },
    bodyLimit: 12 * 1024 * 1024,
    handler: async (req, reply) => {
      reply.code(201);
      return requestConsultation(orm, req.actor(), req.body);
    },
  });

  app.get('/teleconsultations', {
    schema: {
      tags,
      summary:
        "Consultations asked from the actor's area, or a facility's queue (direction=queue&facilityId=…), with response times",
      querystring: consultationListQuery,
      response: {
        200: z.object({
          items: z.array(consultationOut),
          total: z.number(),
          limit: z.number(),
          offset: z.number(),
          medianResponseMinutes: z.number().nullable(),
        }),
        ...problemResponses,
      },
    },
    handler: async (req) => listConsultations(orm, req.actor(), req.query),
  });

  app.get('/teleconsultations/:id', {
    schema: {
      tags,
      summary: 'A teleconsultation',
      params: idParams,
      response: { 200: consultationOut, ...problemResponses },
    },
    handler: async (req) => getConsultation(orm, req.actor(), req.params.id),
  });

  app.get('/teleconsultations/:id/attachments/:attachmentId', {
    schema: {
      tags,
      summary: "An attachment's file",
      params: z.object({ id: z.uuid(), attachmentId: z.uuid() }),
    },
    handler: async (req, reply) => {
      const a = await consultationAttachment(orm, req.actor(), req.params.id, req.params.attachmentId);
      return sendDownload(reply, {
        format: { mediaType: a.mediaType },
        fileName: a.fileName,
        body: a.content,
        inline: true,
      });
    },
  });

  app.post('/teleconsultations/:id/answer', {
    schema: {
      tags,
      summary: "The consulted facility's answer and advice (refused once the consultation is closed)",
      params: idParams,
      body: answerInput,
      response: { 200: consultationOut, ...problemResponses },
    },
    handler: async (req) => answerConsultation(orm, req.actor(), req.params.id, req.body),
  });

  app.post('/teleconsultations/:id/close', {
    schema: {
      tags,
      summary: 'Close a teleconsultation',
      params: idParams,
      body: z.strictObject({}).optional(),
      response: { 200: consultationOut, ...problemResponses },
    },
    handler: async (req) => closeConsultation(orm, req.actor(), req.params.id),
  });
};
