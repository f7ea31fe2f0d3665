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
