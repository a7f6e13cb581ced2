// What hospital care and imaging add to a record, from the tables in data/hospital.ts: the
// medication administration record of an emergency visit or a stay (each dose given), imaging
// (the ImagingStudy with DICOM UIDs and its radiology report), the implant of a knee or hip
// replacement (US Core Implantable Device with a UDI, and the joint with its side as a
// BodyStructure), and food-insecurity screening.
import type { Rng } from '../random.js'
import type { MedicationDef } from '../data/medications.js'
import { ADMINISTRATION, HUNGER_VITAL_SIGN, IMAGING, LATERALITY, TARGET_BODY_STRUCTURE, type JointReplacement } from '../data/hospital.js'
import { PROCEDURES } from '../data/procedures.js'
import { SYS, US_CORE } from '../data/systems.js'
import { coding, concept, isoDate, isoDateTime, isoInstant, MS, ref, sourceIdentifier, type Resource } from '../fhir.js'
import type { ResourceWriter, VisitCtx } from './resources.js'

/** A medication order of the visit, or one the patient takes at home and keeps taking on the ward. */
export interface Order {
  id: string
  med: MedicationDef
  conditionId?: string
}

/** A DICOM UID from a UUID (DICOM PS3.5 B.2: the 2.25 root followed by the UUID as an integer). */
export function dicomUid(uuid: string): string {
  return `2.25.${BigInt(`0x${uuid.replace(/-/g, '')}`).toString(10)}`
}

export class HospitalCare {
  constructor(
    private readonly rng: Rng,
    private readonly write: ResourceWriter,
  ) {}

  private get out(): Resource[] {
    return this.write.out
  }

  private by(ctx: VisitCtx) {
    return ref('Practitioner', ctx.clinician.practitioner.id, ctx.clinician.name)
  }

  /**
   * The doses given: in the emergency department the first dose of each new order; on the ward,
   * every scheduled dose of the stay (as-needed drugs once a day), home medicines included.
   */
  administer(ctx: VisitCtx, orders: readonly Order[]): void {
    const first = ctx.start + ADMINISTRATION.firstDoseAfterMinutes * MS.minute
    for (const o of orders) {
      const times: number[] = []
      if (ctx.visit.kind === 'inpatient') {
        const perDay = o.med.asNeeded ? 1 : Math.min(o.med.timesPerDay, ADMINISTRATION.maxPerDay)
        for (let t = first; t < ctx.end; t += MS.day / perDay) times.push(t)
      } else if (o.conditionId !== undefined) times.push(first)
      for (const t of times) {
        const id = this.rng.uuid()
        this.out.push({
          resourceType: 'MedicationAdministration',
          id,
          identifier: [sourceIdentifier(id)],
          status: 'completed',
          medicationCodeableConcept: concept(SYS.rxnorm, o.med.rxnorm, o.med.display),
          subject: this.write.patientRef(),
          context: this.write.encounterRef(ctx),
          effectiveDateTime: isoDateTime(t),
          performer: [{ actor: this.by(ctx) }],
          ...(o.conditionId ? { reasonReference: [ref('Condition', o.conditionId)] } : {}),
          request: ref('MedicationRequest', o.id),
          dosage: { text: o.med.dosage, dose: { value: o.med.dose.value, unit: o.med.dose.unit, system: SYS.ucum, code: o.med.dose.code } },
        })
      }
    }
  }

  /** The images a procedure acquired and the radiologist's report on them. */
  image(ctx: VisitCtx, key: string, procedureId: string): void {
    const def = IMAGING[key]
    if (!def) throw new Error(`no imaging ${key} in data/hospital.ts`)
    const p = PROCEDURES[def.procedure]
    if (!p) throw new Error(`no procedure ${def.procedure} in data/procedures.ts`)
    // Twenty minutes in, or at the end of a visit shorter than that (a clinic's X-ray).
    const started = Math.min(ctx.start + 20 * MS.minute, ctx.end)
    // The order the images were taken for: the Procedure, the study and the report are based on it.
    const orderId = this.rng.uuid()
    this.write.serviceRequest(ctx, orderId, 'imaging', { ...p, system: SYS.snomed }, started)
    const order = [ref('ServiceRequest', orderId)]
    const placed = this.out.find((r) => r.resourceType === 'Procedure' && r.id === procedureId)
    if (placed) placed.basedOn = order
    const studyId = this.rng.uuid()
    const sides = def.lateral ? [LATERALITY.right, LATERALITY.left] : [undefined]
    const series = sides.map((side, i) => ({
      uid: dicomUid(this.rng.uuid()),
      number: i + 1,
      modality: coding(SYS.dicomModality, def.modality.code, def.modality.display),
      description: `${def.report.display}${side ? ` ${side.label}` : ''}`,
      numberOfInstances: def.views.length,
      bodySite: coding(SYS.snomed, def.bodySite.code, def.bodySite.display),
      ...(side ? { laterality: coding(SYS.snomed, side.code, side.display) } : {}),
      started: isoDateTime(started),
      instance: def.views.map((view, j) => ({
        uid: dicomUid(this.rng.uuid()),
        sopClass: coding(SYS.rfc3986, def.sop.code, def.sop.display),
        number: j + 1,
        title: `${side ? `${side.label} ` : ''}${view}`,
      })),
    }))
    this.out.push({
      resourceType: 'ImagingStudy',
      id: studyId,
      // The dataset's own identifier (as on every resource: how a target that assigns ids is
      // reconciled) and the Study Instance UID.
      identifier: [sourceIdentifier(studyId), { system: SYS.dicomUid, value: `urn:oid:${dicomUid(studyId)}` }],
      basedOn: order,
      status: 'available',
      modality: [coding(SYS.dicomModality, def.modality.code, def.modality.display)],
      subject: this.write.patientRef(),
      encounter: this.write.encounterRef(ctx),
      started: isoDateTime(started),
      numberOfSeries: series.length,
      numberOfInstances: series.length * def.views.length,
      procedureReference: ref('Procedure', procedureId),
      procedureCode: [concept(SYS.snomed, p.code, p.display)],
      location: ref('Location', ctx.clinician.location.id, ctx.clinician.location.name as string),
      series,
    })
    const finding = this.rng.weighted(def.findingsFor?.[ctx.visit.acute?.key ?? ''] ?? def.findings, (f) => f.share)
    const reportId = this.rng.uuid()
    const text = `${def.report.display}\nIndication: ${ctx.visit.kind === 'wellness' ? 'screening' : (ctx.visit.acute?.snomed.display.replace(/ \(.*\)$/, '') ?? 'evaluation')}.\nTechnique: ${def.views.join(' and ')} views${def.lateral ? ', both sides' : ''}.\nImpression: ${finding.text}\n`
    this.out.push({
      resourceType: 'DiagnosticReport',
      id: reportId,
      meta: { profile: [US_CORE.diagnosticReportNote] },
      identifier: [sourceIdentifier(reportId)],
      basedOn: order,
      status: 'final',
      category: [concept(SYS.loinc, 'LP29684-5', 'Radiology')],
      code: concept(SYS.loinc, def.report.code, def.report.display),
      subject: this.write.patientRef(),
      encounter: this.write.encounterRef(ctx),
      effectiveDateTime: isoDateTime(started),
      issued: isoInstant(started + 3 * MS.hour),
      performer: [ref('Organization', ctx.clinician.organization.id, ctx.clinician.organization.name as string)],
      imagingStudy: [ref('ImagingStudy', studyId)],
      conclusion: finding.text,
      presentedForm: [{ contentType: 'text/plain', data: Buffer.from(text).toString('base64'), title: def.report.display }],
    })
  }

  /**
   * A joint replacement: the implant (with its UDI), the joint operated on (a BodyStructure with its
   * side) and the procedure that placed it. The side is drawn evenly.
   */
  jointReplacement(ctx: VisitCtx, op: JointReplacement, conditionId: string): void {
    const p = PROCEDURES[op.procedure]
    if (!p) throw new Error(`no procedure ${op.procedure} in data/procedures.ts`)
    const side = this.rng.chance(0.5) ? LATERALITY.right : LATERALITY.left
    const siteId = this.rng.uuid()
    this.out.push({
      resourceType: 'BodyStructure',
      id: siteId,
      identifier: [sourceIdentifier(siteId)],
      active: true,
      location: concept(SYS.snomed, op.site.code, op.site.display),
      locationQualifier: [concept(SYS.snomed, side.code, side.display)],
      description: `${side.word} ${op.site.word}`,
      patient: this.write.patientRef(),
    })
    const deviceId = this.rng.uuid()
    const made = ctx.start - this.rng.int(60, 540) * MS.day
    const expires = made + op.shelfYears * MS.year
    const gtin = `0${this.rng.digits(13)}`
    const lot = `${String.fromCharCode(65 + this.rng.int(0, 25))}${this.rng.digits(6)}`
    const serial = this.rng.digits(8)
    const yymmdd = (ms: number) => isoDate(ms).slice(2).replace(/-/g, '')
    this.out.push({
      resourceType: 'Device',
      id: deviceId,
      meta: { profile: [US_CORE.implantableDevice] },
      identifier: [sourceIdentifier(deviceId)],
      // GS1 UDI: (01) device identifier, (11) manufactured, (17) expires, (10) lot, (21) serial.
      udiCarrier: [
        {
          deviceIdentifier: gtin,
          issuer: 'http://hl7.org/fhir/NamingSystem/gs1-di',
          carrierHRF: `(01)${gtin}(11)${yymmdd(made)}(17)${yymmdd(expires)}(10)${lot}(21)${serial}`,
          entryType: 'barcode',
        },
      ],
      distinctIdentifier: serial,
      status: 'active',
      manufacturer: this.rng.pick(op.manufacturers),
      manufactureDate: isoDate(made),
      expirationDate: isoDate(expires),
      lotNumber: lot,
      serialNumber: serial,
      type: concept(SYS.snomed, op.device.code, op.device.display),
      patient: this.write.patientRef(),
    })
    const id = this.rng.uuid()
    const incision = ctx.start + 3 * MS.hour
    this.write.procedure(ctx, id, p, {
      performedPeriod: { start: isoDateTime(incision), end: isoDateTime(incision + this.rng.int(75, 120) * MS.minute) },
      reasonReference: [ref('Condition', conditionId)],
      bodySite: [concept(SYS.snomed, op.site.code, op.site.display)],
      extension: [{ url: TARGET_BODY_STRUCTURE, valueReference: ref('BodyStructure', siteId) }],
      focalDevice: [{ manipulated: ref('Device', deviceId) }],
    })
  }

  /** The Hunger Vital Sign, answered by the patient: the two items, the risk result, the panel. */
  hungerVitalSign(ctx: VisitCtx, insecure: boolean): void {
    const hvs = HUNGER_VITAL_SIGN
    const answers = hvs.items.map(() => (insecure ? (this.rng.chance(0.3) ? hvs.answers.often : hvs.answers.sometimes) : hvs.answers.never))
    // An insecure household says "never" to one item at most.
    if (insecure && this.rng.chance(0.3)) answers[this.rng.int(0, 1)] = hvs.answers.never
    const atRisk = answers.some((a) => a !== hvs.answers.never)
    const when = isoDateTime(ctx.start + 5 * MS.minute)
    const made = (code: { code: string; display: string }, extra: Record<string, unknown>): string => {
      const id = this.rng.uuid()
      this.out.push({
        resourceType: 'Observation',
        id,
        meta: { profile: [US_CORE.screeningAssessment] },
        identifier: [sourceIdentifier(id)],
        status: 'final',
        category: [concept(SYS.usCoreCategory, 'sdoh', 'SDOH'), concept(SYS.obsCategory, 'survey', 'Survey')],
        code: concept(SYS.loinc, code.code, code.display),
        subject: this.write.patientRef(),
        encounter: this.write.encounterRef(ctx),
        effectiveDateTime: when,
        performer: [this.write.patientRef()],
        ...extra,
      })
      return id
    }
    const members = hvs.items.map((item, i) => made(item, { valueCodeableConcept: concept(SYS.loinc, answers[i]!.code, answers[i]!.display) }))
    const risk = atRisk ? hvs.atRisk : hvs.noRisk
    members.push(made(hvs.risk, { valueCodeableConcept: concept(SYS.loinc, risk.code, risk.display) }))
    made(hvs.panel, { hasMember: members.map((m) => ref('Observation', m)) })
  }
}
