// Code-system and identifier-system URIs used across the tables. Sources: HL7 FHIR R4 terminology
// (hl7.org/fhir/R4/terminologies-systems.html), US Core 6.1 (hl7.org/fhir/us/core/STU6.1).

export const SYS = {
  snomed: 'http://snomed.info/sct',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  cvx: 'http://hl7.org/fhir/sid/cvx',
  npi: 'http://hl7.org/fhir/sid/us-npi',
  ssn: 'http://hl7.org/fhir/sid/us-ssn',
  nucc: 'http://nucc.org/provider-taxonomy',
  cdcRace: 'urn:oid:2.16.840.1.113883.6.238',
  bcp47: 'urn:ietf:bcp:47',
  rfc3986: 'urn:ietf:rfc:3986',
  v2_0203: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  maritalStatus: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus',
  participationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  obsCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  usCoreConditionCategory: 'http://hl7.org/fhir/us/core/CodeSystem/condition-category',
  usCoreCarePlanCategory: 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category',
  allergyClinical: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
  allergyVerification: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
  medreqCategory: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category',
  diagnosticServiceSection: 'http://terminology.hl7.org/CodeSystem/v2-0074',
  organizationType: 'http://terminology.hl7.org/CodeSystem/organization-type',
  practitionerRole: 'http://terminology.hl7.org/CodeSystem/practitioner-role',
  usCoreDocumentReferenceCategory: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category',
  locationPhysicalType: 'http://terminology.hl7.org/CodeSystem/location-physical-type',
  dataAbsentReason: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
  usCoreCategory: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-category',
  dicomUid: 'urn:dicom:uid',
  dicomModality: 'http://dicom.nema.org/resources/ontology/DCM',
  cpt: 'http://www.ama-assn.org/go/cpt',
  /** HCPCS Level II codes and modifiers (CMS), as CARIN Blue Button and HL7 terminology name them. */
  hcpcs: 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  /** Synthetic identifier systems live under the reserved `.invalid` TLD (RFC 2606). */
  mrn: 'https://shoreline.invalid/fhir/sid/mrn',
  orgId: 'https://shoreline.invalid/fhir/sid/organization',
  locationId: 'https://shoreline.invalid/fhir/sid/location',
  /** Payer member numbers: one system per payer under this base. */
  memberId: 'https://shoreline.invalid/fhir/sid/member',
  /** Source of Payment Typology (PHDSC), the code system of US Core Coverage.type's value set. */
  sopt: 'https://nahdo.org/sopt',
} as const

const SD = 'http://hl7.org/fhir/us/core/StructureDefinition/'

/** US Core 6.1 profile and extension URLs: every generated resource with a US Core profile claims it in meta.profile. */
export const US_CORE = {
  patient: `${SD}us-core-patient`,
  encounter: `${SD}us-core-encounter`,
  conditionProblems: `${SD}us-core-condition-problems-health-concerns`,
  conditionEncounterDiagnosis: `${SD}us-core-condition-encounter-diagnosis`,
  observationLab: `${SD}us-core-observation-lab`,
  diagnosticReportLab: `${SD}us-core-diagnosticreport-lab`,
  medicationRequest: `${SD}us-core-medicationrequest`,
  immunization: `${SD}us-core-immunization`,
  allergyIntolerance: `${SD}us-core-allergyintolerance`,
  procedure: `${SD}us-core-procedure`,
  serviceRequest: `${SD}us-core-servicerequest`,
  documentReference: `${SD}us-core-documentreference`,
  organization: `${SD}us-core-organization`,
  location: `${SD}us-core-location`,
  practitioner: `${SD}us-core-practitioner`,
  practitionerRole: `${SD}us-core-practitionerrole`,
  coverage: `${SD}us-core-coverage`,
  medication: `${SD}us-core-medication`,
  provenance: `${SD}us-core-provenance`,
  careTeam: `${SD}us-core-careteam`,
  goal: `${SD}us-core-goal`,
  carePlan: `${SD}us-core-careplan`,
  diagnosticReportNote: `${SD}us-core-diagnosticreport-note`,
  implantableDevice: `${SD}us-core-implantable-device`,
  screeningAssessment: `${SD}us-core-observation-screening-assessment`,
  /** Vital-sign profiles are named per code in observations.ts (VITALS[…].profile). */
  base: SD,
  race: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race',
  ethnicity: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity',
  birthsex: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex',
} as const

export interface Coding {
  code: string
  display: string
}
