// The public face of the satisfaction module (khảo sát sự hài lòng): the form's loader, the station
// links and public answers for the demo, and T9's counters.
export {
  answerPublicSurvey,
  isSatisfied,
  loadSurveyForms,
  openPublicSurvey,
  stationLink,
} from './service.js';
/** Answers one by one and the questionnaire's versions, for the FHIR QuestionnaireResponse and Questionnaire. */
export {
  answerAtStation,
  getSurveyResponse,
  listSurveyResponses,
  surveyFormVersions,
  type SurveyResponseFilter,
  type SurveyResponseOut,
} from './service.js';
/** Counters for the indicator catalogue: T9 (satisfied answers / answers). */
export { satisfactionChangedPlaces, satisfactionCounters } from './counters.js';
/** The shape of a questionnaire version (scripts/build-satisfaction.ts writes the shipped one with it). */
export { surveyFormDefinition, type SurveyFormDefinition } from './contracts.js';
/** The demo's bulk writer (answers of past days). */
export { insertAnswersBulk, surveyFormOn, type BulkAnswer } from './bulk.js';
