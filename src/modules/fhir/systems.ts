/**
 * The identifier and code systems ytcs writes (docs/adr/0030): the Vietnam Core IG's
 * (`http://fhir.ehealth.gov.vn/core`, draft) where it defines one, HL7's and LOINC's for standard
 * codes, ytcs's own namespace for what no published system names.
 */
/** Căn cước công dân (personal ID, 12 digits): VN Core IG NamingSystem `sid/national_id`. */
export const NATIONAL_ID = 'http://fhir.ehealth.gov.vn/core/sid/national_id';
/** Mã thẻ BHYT (insurance card code, 15 characters): VN Core IG NamingSystem `sid/insurance_number`. */
export const INSURANCE_NUMBER = 'http://fhir.ehealth.gov.vn/core/sid/insurance_number';
/** Mã số BHXH (social-insurance number, 10 digits, the last ten of a card code): ytcs's namespace. */
export const SOCIAL_INSURANCE_NUMBER = 'https://ytcs.vn/fhir/sid/social-insurance-number';
/** Mã cơ sở khám chữa bệnh (facility code, MA_CSKCB). */
export const FACILITY_CODE = 'https://ytcs.vn/fhir/sid/facility-code';
/** Mã hộ gia đình (household code). */
export const HOUSEHOLD_CODE = 'https://ytcs.vn/fhir/sid/household-code';
/** GSO code of an administrative unit (a commune `06862`, a hamlet `06862-001`). */
export const ADMIN_UNIT_CODE = 'https://ytcs.vn/fhir/sid/admin-unit';
/** Extension on Address: the GSO code of the hamlet or commune the address lies in. */
export const ADMIN_UNIT_EXTENSION = 'https://ytcs.vn/fhir/StructureDefinition/admin-unit';
/**
 * Extension on Address, beside ADMIN_UNIT_EXTENSION: the map the unit code belongs to (`post2025`, the
 * map since the 2025 merger, or `pre2025`): a code may name different units on the two maps.
 */
export const ADMIN_UNIT_MAP_EXTENSION = 'https://ytcs.vn/fhir/StructureDefinition/admin-unit-map';
/**
 * Extension on Address of a past version (Patient `_history`): the day the unit names shown are valid
 * on (today: the network module keeps one name per unit, not its past names; the code is the one the
 * version recorded).
 */
export const UNIT_NAMES_AS_OF_EXTENSION = 'https://ytcs.vn/fhir/StructureDefinition/unit-names-as-of';
/** Extension on Address: `current` (nơi ở hiện tại) or `permanent` (nơi thường trú). */
export const ADDRESS_KIND_EXTENSION = 'https://ytcs.vn/fhir/StructureDefinition/address-kind';
/** Extension on Encounter: why a finished visit is corrected (lý do sửa). */
export const CORRECTION_REASON_EXTENSION = 'https://ytcs.vn/fhir/StructureDefinition/correction-reason';
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
export const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
export const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
export const CONDITION_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
export const YTCS_STAFF_TITLE = 'https://ytcs.vn/fhir/CodeSystem/staff-title';
export const YTCS_FACILITY_KIND = 'https://ytcs.vn/fhir/CodeSystem/facility-kind';
/** HL7 v3 RoleCode (a RelatedPerson's relationship: CHILD, SPS…). */
export const V3_ROLE_CODE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';
/** ytcs's code list `relation-to-head` (quan hệ với chủ hộ). */
export const RELATION_TO_HEAD = 'https://ytcs.vn/fhir/CodeSystem/relation-to-head';
/** ytcs's number of a referral slip (số phiếu chuyển). */
export const REFERRAL_SLIP = 'https://ytcs.vn/fhir/sid/referral-slip';
/** ytcs's NCD conditions (tăng huyết áp, đái tháo đường, COPD, hen). */
export const NCD_CONDITION = 'https://ytcs.vn/fhir/CodeSystem/ncd-condition';
/** HL7's episode-of-care type. */
export const EPISODE_TYPE = 'http://terminology.hl7.org/CodeSystem/episodeofcare-type';
export const MEDICATION_REQUEST_CATEGORY = 'http://terminology.hl7.org/CodeSystem/medicationrequest-category';
/** ytcs's drug catalogue code (mã thuốc). */
export const DRUG_CODE = 'https://ytcs.vn/fhir/CodeSystem/drug';
/** The Vietnamese registration number of a drug (số đăng ký). */
export const DRUG_REGISTRATION = 'https://ytcs.vn/fhir/sid/drug-registration';
/** The canonical base of ytcs's questionnaires (`…/Questionnaire/outpatient-3869`, version `1`). */
export const QUESTIONNAIRE_BASE = 'https://ytcs.vn/fhir/Questionnaire';
/** A satisfaction score, 1–5 (thang điểm hài lòng của phiếu 3869/QĐ-BYT). */
export const SATISFACTION_SCORE = 'https://ytcs.vn/fhir/CodeSystem/satisfaction-score';
/** The one-answer token of a station's public survey form (spent by the answer, never kept). */
export const SURVEY_TOKEN = 'https://ytcs.vn/fhir/sid/survey-token';
/** Extension on QuestionnaireResponse: the answer counts as satisfied by the form's rule (T9). */
export const SURVEY_SATISFIED_EXTENSION = 'https://ytcs.vn/fhir/StructureDefinition/survey-satisfied';
