// FHIR resource building for one patient's record: each function shapes one resource (US Core
// where it applies) from values already decided. The only draws here are resource ids, taken in
// the order the record builder asks for them, so a seed always gives the same bytes.
import type { Rng } from '../random.js'
import type { Clinician } from '../population/pool.js'
import type { AcuteCondition, ChronicCondition } from '../data/conditions.js'
import type { ObsCode } from '../data/observations.js'
import { DECLINED, type VaccineDef } from '../data/immunizations.js'
import type { MedicationDef } from '../data/medications.js'
import type { ProcedureDef } from '../data/procedures.js'
import { ENCOUNTER_CLASSES } from '../data/encounters.js'
import { ORDER_CATEGORY } from '../data/hospital.js'
import { SYS, US_CORE } from '../data/systems.js'
import { coding, concept, isoDate, isoDateTime, isoInstant, MS, ref, sourceIdentifier, type Resource } from '../fhir.js'
import type { Visit } from './journey.js'
import type { NoteFacts, NoteLabPanel } from './note.js'

/** A visit's specimens are taken this long after it starts: its lab results' effective time. */
export const LAB_RESULT_AFTER_MS = 10 * MS.minute
/** A lab panel drawn in clinic is resulted (issued) this long after its specimen is taken: the next day. */
export const LAB_TURNAROUND_MS = 26 * MS.hour
/**
 * One drawn stat, in the emergency department or on admission, within the hour: median
 * draw-to-report 38 minutes for a CBC and 58 for potassium (Fernandes et al., J Emerg Med
 * 1997;15(5):735); 90 % of emergency chemistries reported within about 60 minutes of reaching the
 * laboratory (Compeau et al., Cureus 2016;8(10):e819).
 */
export const STAT_TURNAROUND_MS = 60 * MS.minute

/** How long the visit's lab panels take to be resulted. */
export const labTurnaround = (v: Pick<Visit, 'kind'>) => (v.kind === 'emergency' || v.kind === 'inpatient' ? STAT_TURNAROUND_MS : LAB_TURNAROUND_MS)

/** What is known of the visit being recorded. */
export interface VisitCtx {
  encounterId: string
  start: number
  end: number
  clinician: Clinician
  age: number
  visit: Visit
  diagnoses: Array<{ code: string; display: string }>
  /** The panels resulted at the visit, as its note reports them. */
  labs: NoteLabPanel[]
  /** The procedures performed at the visit, for its note. */
  procedures: NoteFacts['procedures']
  /** The visit's medication orders (MedicationRequest ids), for the administration record. */
  orders: Array<{ id: string; med: MedicationDef; conditionId: string }>
}

type Code = { code: string; display: string }

const CATEGORY_DISPLAY = { 'vital-signs': 'Vital Signs', laboratory: 'Laboratory', 'social-history': 'Social History' } as const

/** Appends a patient's resources to `out`, referring to the patient and the visit's encounter. */
export class ResourceWriter {
  constructor(
    private readonly rng: Rng,
    readonly out: Resource[],
    private readonly patientId: string,
  ) {}

  patientRef() {
    return ref('Patient', this.patientId)
  }

  encounterRef(ctx: Pick<VisitCtx, 'encounterId'>) {
    return ref('Encounter', ctx.encounterId)
  }

  private by(ctx: VisitCtx) {
    return ref('Practitioner', ctx.clinician.practitioner.id, ctx.clinician.name)
  }

  /** The visit's Encounter; one still going on at the reference date (`inProgress`, a stay) has no end and no discharge yet. */
  encounter(id: string, v: Visit, type: Code & { class: keyof typeof ENCOUNTER_CLASSES }, clinician: Clinician, start: number, end: number, inProgress = false): Resource {
    const inpatient = v.kind === 'inpatient'
    const period = inProgress ? { start: isoDateTime(start) } : { start: isoDateTime(start), end: isoDateTime(end) }
    const encounter: Resource = {
      resourceType: 'Encounter',
      id,
      meta: { profile: [US_CORE.encounter] },
      identifier: [sourceIdentifier(id)],
      status: inProgress ? 'in-progress' : 'finished',
      class: coding(SYS.actCode, type.class, ENCOUNTER_CLASSES[type.class]),
      type: [concept(SYS.snomed, type.code, type.display)],
      subject: this.patientRef(),
      participant: [
        {
          type: [concept(SYS.participationType, inpatient ? 'ATND' : 'PPRF', inpatient ? 'attender' : 'primary performer')],
          period,
          individual: ref('Practitioner', clinician.practitioner.id, clinician.name),
        },
      ],
      period: { ...period },
      location: [{ location: ref('Location', clinician.location.id, clinician.location.name as string) }],
      serviceProvider: ref('Organization', clinician.organization.id, clinician.organization.name as string),
    }
    const reason = v.acute?.snomed ?? v.died
    if (reason) encounter.reasonCode = [concept(SYS.snomed, reason.code, reason.display)]
    // Visits to the hospital end with a discharge disposition: home (an emergency visit here never ends in an admission), or expired.
    const disposition = v.died ? ['exp', 'Expired'] : inpatient || v.kind === 'emergency' ? ['home', 'Home'] : undefined
    if (disposition && !inProgress)
      encounter.hospitalization = { dischargeDisposition: concept('http://terminology.hl7.org/CodeSystem/discharge-disposition', disposition[0]!, disposition[1]!) }
    this.out.push(encounter)
    return encounter
  }

  allergy(
    ctx: VisitCtx,
    id: string,
    a: { category: string; criticality: string; system: string; code: string; display: string },
    reaction: Code & { severity: string },
    onsetMs: number,
  ): void {
    this.out.push({
      resourceType: 'AllergyIntolerance',
      id,
      meta: { profile: [US_CORE.allergyIntolerance] },
      identifier: [sourceIdentifier(id)],
      clinicalStatus: concept(SYS.allergyClinical, 'active', 'Active'),
      verificationStatus: concept(SYS.allergyVerification, 'confirmed', 'Confirmed'),
      type: 'allergy',
      category: [a.category],
      criticality: a.criticality,
      code: concept(a.system === 'snomed' ? SYS.snomed : SYS.rxnorm, a.code, a.display),
      patient: this.patientRef(),
      encounter: this.encounterRef(ctx),
      onsetDateTime: isoDate(onsetMs),
      recordedDate: isoDateTime(ctx.start),
      recorder: this.by(ctx),
      reaction: [{ manifestation: [concept(SYS.snomed, reaction.code, reaction.display)], severity: reaction.severity }],
    })
  }

  condition(ctx: VisitCtx, id: string, def: ChronicCondition | AcuteCondition, category: 'problem-list-item' | 'encounter-diagnosis', onsetMs: number): Resource {
    const problem = category === 'problem-list-item'
    return {
      resourceType: 'Condition',
      id,
      meta: { profile: [problem ? US_CORE.conditionProblems : US_CORE.conditionEncounterDiagnosis] },
      identifier: [sourceIdentifier(id)],
      clinicalStatus: concept(SYS.conditionClinical, 'active', 'Active'),
      verificationStatus: concept(SYS.conditionVerification, 'confirmed', 'Confirmed'),
      category: [concept(problem ? SYS.usCoreConditionCategory : SYS.conditionCategory, category, problem ? 'Problem List Item' : 'Encounter Diagnosis')],
      code: {
        coding: [coding(SYS.snomed, def.snomed.code, def.snomed.display), coding(SYS.icd10cm, def.icd10.code, def.icd10.display)],
        text: def.snomed.display.replace(/ \((disorder|finding)\)$/, ''),
      },
      subject: this.patientRef(),
      encounter: this.encounterRef(ctx),
      onsetDateTime: isoDateTime(onsetMs),
      recordedDate: isoDateTime(ctx.start),
      recorder: this.by(ctx),
    }
  }

  medicationRequest(
    ctx: VisitCtx,
    id: string,
    med: MedicationDef,
    conditionId: string,
    status: 'active' | 'completed',
    supply: { days: number; quantity: number },
    medication?: Resource,
  ): void {
    this.out.push({
      resourceType: 'MedicationRequest',
      id,
      meta: { profile: [US_CORE.medicationRequest] },
      identifier: [sourceIdentifier(id)],
      status,
      intent: 'order',
      category: [concept(SYS.medreqCategory, 'community', 'Community')],
      reportedBoolean: false,
      // Chronic prescriptions point at the shared Medication (US Core allows either form).
      ...(medication ? { medicationReference: ref('Medication', medication.id, med.display) } : { medicationCodeableConcept: concept(SYS.rxnorm, med.rxnorm, med.display) }),
      subject: this.patientRef(),
      encounter: this.encounterRef(ctx),
      authoredOn: isoDateTime(ctx.start),
      requester: this.by(ctx),
      reasonReference: [ref('Condition', conditionId)],
      dosageInstruction: [
        {
          sequence: 1,
          text: med.dosage,
          timing: { repeat: { frequency: med.timesPerDay, period: 1, periodUnit: 'd' } },
          asNeededBoolean: Boolean(med.asNeeded),
          doseAndRate: [{ doseQuantity: { value: med.dose.value, unit: med.dose.unit, system: SYS.ucum, code: med.dose.code } }],
        },
      ],
      dispenseRequest: {
        numberOfRepeatsAllowed: status === 'active' && !med.course ? 3 : 0,
        quantity: { value: supply.quantity, unit: med.dose.unit, system: SYS.ucum, code: med.dose.code },
        expectedSupplyDuration: { value: supply.days, unit: 'days', system: SYS.ucum, code: 'd' },
      },
    })
  }

  /** A vital sign or lab result (US Core Vital Signs / Laboratory Result Observation); draws its id. */
  observation(ctx: VisitCtx, category: 'vital-signs' | 'laboratory' | 'social-history', code: ObsCode, extra: Record<string, unknown>): Resource {
    const id = this.rng.uuid()
    const effective = ctx.start + (category === 'laboratory' ? LAB_RESULT_AFTER_MS : 5 * MS.minute)
    return {
      resourceType: 'Observation',
      id,
      meta: { profile: [category === 'laboratory' ? US_CORE.observationLab : `${US_CORE.base}${code.profile ?? 'us-core-vital-signs'}`] },
      identifier: [sourceIdentifier(id)],
      status: 'final',
      category: [concept(SYS.obsCategory, category, CATEGORY_DISPLAY[category])],
      code: code.also
        ? { coding: [coding(SYS.loinc, code.code, code.display), ...code.also.map((c) => coding(SYS.loinc, c.code, c.display))] }
        : concept(SYS.loinc, code.code, code.display),
      subject: this.patientRef(),
      encounter: this.encounterRef(ctx),
      effectiveDateTime: isoDateTime(effective),
      // issued is an instant: labs are resulted the next day (within the hour in hospital), vitals when taken.
      issued: isoInstant(category === 'laboratory' ? effective + labTurnaround(ctx.visit) : effective),
      ...extra,
    }
  }

  /**
   * The order for a lab panel or an imaging study (US Core ServiceRequest), authored by the visit's
   * clinician when the visit starts and done (`occurrence`) when the specimen or images are taken.
   * An order still awaiting its results on the reference date is `active`.
   */
  serviceRequest(
    ctx: VisitCtx,
    id: string,
    category: keyof typeof ORDER_CATEGORY,
    code: Code & { system?: string },
    occurrence: number,
    status: 'completed' | 'active' = 'completed',
  ): void {
    const kind = ORDER_CATEGORY[category]
    this.out.push({
      resourceType: 'ServiceRequest',
      id,
      meta: { profile: [US_CORE.serviceRequest] },
      identifier: [sourceIdentifier(id)],
      status,
      intent: 'order',
      category: [concept(SYS.snomed, kind.code, kind.display)],
      code: concept(code.system ?? SYS.loinc, code.code, code.display),
      subject: this.patientRef(),
      encounter: this.encounterRef(ctx),
      occurrenceDateTime: isoDateTime(occurrence),
      authoredOn: isoDateTime(ctx.start),
      requester: this.by(ctx),
    })
  }

  diagnosticReport(ctx: VisitCtx, id: string, panel: Code, resultIds: string[], orderId: string): void {
    this.out.push({
      resourceType: 'DiagnosticReport',
      id,
      meta: { profile: [US_CORE.diagnosticReportLab] },
      identifier: [sourceIdentifier(id)],
      basedOn: [ref('ServiceRequest', orderId)],
      status: 'final',
      category: [concept(SYS.diagnosticServiceSection, 'LAB', 'Laboratory')],
      code: concept(SYS.loinc, panel.code, panel.display),
      subject: this.patientRef(),
      encounter: this.encounterRef(ctx),
      effectiveDateTime: isoDateTime(ctx.start + LAB_RESULT_AFTER_MS),
      issued: isoInstant(ctx.start + LAB_RESULT_AFTER_MS + labTurnaround(ctx.visit)),
      performer: [ref('Organization', ctx.clinician.organization.id, ctx.clinician.organization.name as string)],
      result: resultIds.map((r) => ref('Observation', r)),
    })
  }

  procedure(ctx: VisitCtx, id: string, p: ProcedureDef, extra: Record<string, unknown> = {}): void {
    const start = ctx.start + 15 * MS.minute
    const system = p.system === 'cpt' ? SYS.cpt : SYS.snomed
    ctx.procedures.push({ code: p.code, system, display: p.display, procedureId: id })
    this.out.push({
      resourceType: 'Procedure',
      id,
      meta: { profile: [US_CORE.procedure] },
      identifier: [sourceIdentifier(id)],
      status: 'completed',
      code: concept(system, p.code, p.display),
      subject: this.patientRef(),
      encounter: this.encounterRef(ctx),
      performedPeriod: { start: isoDateTime(start), end: isoDateTime(start + 15 * MS.minute) },
      performer: [{ actor: this.by(ctx) }],
      location: ref('Location', ctx.clinician.location.id, ctx.clinician.location.name as string),
      ...extra,
    })
  }

  /** A dose given, or, without a lot, one offered and declined (status not-done, DECLINED.reason). */
  immunization(ctx: VisitCtx, id: string, vaccine: VaccineDef, lotNumber: string | undefined): void {
    const given = lotNumber !== undefined
    this.out.push({
      resourceType: 'Immunization',
      id,
      meta: { profile: [US_CORE.immunization] },
      identifier: [sourceIdentifier(id)],
      status: given ? 'completed' : 'not-done',
      ...(given ? {} : { statusReason: concept(DECLINED.reason.system, DECLINED.reason.code, DECLINED.reason.display) }),
      vaccineCode: concept(SYS.cvx, vaccine.cvx, vaccine.display),
      patient: this.patientRef(),
      encounter: this.encounterRef(ctx),
      occurrenceDateTime: isoDateTime(ctx.start + 20 * MS.minute),
      primarySource: true,
      location: ref('Location', ctx.clinician.location.id, ctx.clinician.location.name as string),
      ...(given ? { lotNumber, performer: [{ actor: this.by(ctx) }] } : {}),
    })
  }

  /** The cause of death (LOINC 69453-9, as on the US standard death certificate), recorded when the patient dies. */
  causeOfDeath(ms: number, id: string, cause: Code): void {
    this.out.push({
      resourceType: 'Observation',
      id,
      identifier: [sourceIdentifier(id)],
      status: 'final',
      code: concept(SYS.loinc, '69453-9', 'Cause of death [US Standard Certificate of Death]'),
      subject: this.patientRef(),
      effectiveDateTime: isoDateTime(ms),
      valueCodeableConcept: concept(SYS.snomed, cause.code, cause.display),
    })
  }

  /** Who recorded the visit's resources, for whom (US Core Provenance: the author and the organization it acted for). */
  provenance(ctx: VisitCtx, id: string, targets: readonly Resource[]): void {
    this.out.push({
      resourceType: 'Provenance',
      id,
      // R4 gives Provenance no identifier: its generated id travels as a tag, so a target that
      // assigns its own ids can still be reconciled (and created conditionally) by it.
      meta: { profile: [US_CORE.provenance], tag: [{ system: SYS.rfc3986, code: `urn:uuid:${id}` }] },
      target: targets.map((r) => ref(r.resourceType, r.id)),
      recorded: isoInstant(ctx.end),
      agent: [
        {
          type: concept('http://terminology.hl7.org/CodeSystem/provenance-participant-type', 'author', 'Author'),
          who: this.by(ctx),
          onBehalfOf: ref('Organization', ctx.clinician.organization.id, ctx.clinician.organization.name as string),
        },
      ],
    })
  }

  /** The visit's clinical note as a US Core DocumentReference with the text inline (base64). */
  clinicalNote(ctx: VisitCtx, id: string, type: Code, title: string, text: string): void {
    this.out.push({
      resourceType: 'DocumentReference',
      id,
      meta: { profile: [US_CORE.documentReference] },
      identifier: [sourceIdentifier(id)],
      status: 'current',
      type: concept(SYS.loinc, type.code, type.display),
      category: [concept(SYS.usCoreDocumentReferenceCategory, 'clinical-note', 'Clinical Note')],
      subject: this.patientRef(),
      date: isoInstant(ctx.end),
      author: [this.by(ctx)],
      custodian: ref('Organization', ctx.clinician.organization.id, ctx.clinician.organization.name as string),
      content: [
        {
          attachment: { contentType: 'text/plain; charset=utf-8', language: 'en-US', data: Buffer.from(text, 'utf8').toString('base64'), title, creation: isoDateTime(ctx.end) },
          format: coding('http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode', 'urn:ihe:iti:xds:2017:mimeTypeSufficient', 'mimeType Sufficient'),
        },
      ],
      context: { encounter: [this.encounterRef(ctx)], period: { start: isoDateTime(ctx.start), end: isoDateTime(ctx.end) } },
    })
  }
}
