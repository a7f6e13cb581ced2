// What a visit costs and who pays: the patient's Coverage over the window (a payer drawn by age,
// Medicare from 65), and for every visit a covered patient makes, a Claim from the provider and
// the payer's ExplanationOfBenefit (CARIN Blue Button-shaped: the claim's diagnoses, procedures
// and line items, each adjudicated) — the largest and most numerous resources of real payer data.
import type { Rng } from '../random.js'
import type { SharedPool } from '../population/pool.js'
import { MEDICARE_AGE, PAYER_MIX, PAYERS, PRICES, type PayerDef } from '../data/payers.js'
import { PROCEDURES } from '../data/procedures.js'
import { LATERALITY, TARGET_BODY_STRUCTURE } from '../data/hospital.js'
import { SYS, US_CORE } from '../data/systems.js'
import { ageAt, concept, isoDate, isoDateTime, MS, ref, round, sourceIdentifier, type Resource } from '../fhir.js'
import type { VisitCtx } from './resources.js'

const CLAIM_TYPE = 'http://terminology.hl7.org/CodeSystem/claim-type'
const ADJUDICATION = 'http://terminology.hl7.org/CodeSystem/adjudication'

interface CoveragePeriod {
  payer: PayerDef
  start: number
  end?: number
  coverage: Resource
}

const money = (value: number) => ({ value: round(value, 2), currency: 'USD' })
const procedurePrice = new Map(Object.entries(PROCEDURES).map(([key, p]) => [p.code, (PRICES.procedure as Record<string, number>)[key] ?? PRICES.procedure.default]))

const refOf = (r: unknown) => (r as { reference?: string } | undefined)?.reference ?? ''

type Codeable = { coding?: Array<{ system?: string; code?: string; display?: string }> }

export class Billing {
  private readonly periods: CoveragePeriod[] = []
  /** The shared Medications' codes by `Medication/id`, for prescriptions that reference one. */
  private readonly medicationCode: Map<string, unknown>

  constructor(
    private readonly rng: Rng,
    private readonly pool: SharedPool,
    private readonly patientId: string,
    birthMs: number,
    windowStart: number,
    /** The dataset's reference date: a claim the payer would process after it has no ExplanationOfBenefit yet (it is pending). */
    private readonly referenceMs: number,
    /** When the patient dies in the window: the plan in force then ends that day (CLIN-18). */
    deathMs?: number,
  ) {
    const refMs = Math.min(referenceMs, deathMs ?? Infinity)
    this.medicationCode = new Map([...pool.medications.values()].map((m) => [`Medication/${m.id}`, m.code]))
    const start = Math.max(windowStart, birthMs)
    const medicareFrom = Math.floor((birthMs + MEDICARE_AGE * MS.year) / MS.day) * MS.day
    const age = ageAt(birthMs, start)
    const row = PAYER_MIX.find((r) => age <= r.toAge) ?? PAYER_MIX[PAYER_MIX.length - 1]!
    const draw = rng.next()
    let acc = 0
    const key = Object.entries(row.shares).find(([, share]) => (acc += share) > draw)?.[0]
    const medicare = PAYERS.find((p) => p.key === 'medicare')!
    const first = PAYERS.find((p) => p.key === key)
    const ends = deathMs === undefined ? undefined : Math.floor(deathMs / MS.day) * MS.day
    // Before Medicare: only when there is a day of it in the window (per-1: a period never ends before it starts).
    if (first && first !== medicare && medicareFrom - MS.day >= start) this.add(first, start, medicareFrom < refMs ? medicareFrom - MS.day : ends, refMs)
    if (medicareFrom < refMs) this.add(medicare, Math.max(start, medicareFrom), ends, refMs)
  }

  /** Whether a health plan covers the patient at the end of the window (a coverage without an end). */
  get coveredAtEnd(): boolean {
    return this.periods.some((p) => p.end === undefined)
  }

  /** The Coverage resources, for the record. */
  get coverages(): Resource[] {
    return this.periods.map((p) => p.coverage)
  }

  private add(payer: PayerDef, start: number, end: number | undefined, refMs: number) {
    const id = this.rng.uuid()
    const member = `${payer.key.slice(0, 3).toUpperCase()}${this.rng.digits(9)}`
    const org = this.pool.payers.get(payer.key)!
    const coverage: Resource = {
      resourceType: 'Coverage',
      id,
      meta: { profile: [US_CORE.coverage] },
      identifier: [{ type: concept(SYS.v2_0203, 'MB', 'Member Number'), system: `${SYS.memberId}/${payer.key}`, value: member }, sourceIdentifier(id)],
      status: end !== undefined && end < refMs ? 'cancelled' : 'active',
      type: concept(SYS.sopt, payer.sopt.code, payer.sopt.display),
      subscriberId: member,
      beneficiary: ref('Patient', this.patientId),
      relationship: concept('http://terminology.hl7.org/CodeSystem/subscriber-relationship', 'self', 'Self'),
      period: end === undefined ? { start: isoDate(start) } : { start: isoDate(start), end: isoDate(end) },
      payor: [ref('Organization', org.id, org.name as string)],
      class: [{ type: concept('http://terminology.hl7.org/CodeSystem/coverage-class', 'plan', 'Plan'), value: payer.key.toUpperCase(), name: payer.plan }],
    }
    this.periods.push({ payer, start, end, coverage })
  }

  /** The Claim and ExplanationOfBenefit for one visit's resources, when the patient was covered that day (the Claim alone while the payer has yet to process it). */
  bill(ctx: VisitCtx, visit: readonly Resource[]): Resource[] {
    const period = this.periods.find((p) => p.start <= ctx.start && (p.end === undefined || ctx.start < p.end + MS.day))
    if (!period) return []
    // A stay is billed at discharge: one still in progress at the reference date has no claim yet.
    const encounter = visit.find((r) => r.resourceType === 'Encounter')
    if (!encounter || encounter.status !== 'finished') return []
    const inpatient = ctx.visit.kind === 'inpatient'
    const of = (type: string) => visit.filter((r) => r.resourceType === type)
    const diagnoses = of('Condition')
    const procedures = of('Procedure')
    const days = Math.max(1, Math.round((ctx.end - ctx.start) / MS.day))
    const lines: Array<{ code: Codeable; price: number; procedure?: number; site?: Codeable; modifier?: Codeable[] }> = []
    lines.push({
      code: (encounter.type as Codeable[])[0] ?? {},
      price: inpatient ? PRICES.visit.inpatientPerDay * days : PRICES.visit[ctx.visit.kind as keyof typeof PRICES.visit],
    })
    for (const [i, p] of procedures.entries())
      lines.push({
        code: p.code as Codeable,
        price: procedurePrice.get((p.code as Codeable).coding?.[0]?.code ?? '') ?? PRICES.procedure.default,
        procedure: i + 1,
        ...sideOf(p, visit),
      })
    // Lab panels are billed; a radiology report is part of its imaging procedure's line.
    for (const r of of('DiagnosticReport')) if (!isRadiology(r)) lines.push({ code: r.code as Codeable, price: PRICES.labPanel })
    for (const r of of('Immunization')) if (r.status === 'completed') lines.push({ code: r.vaccineCode as Codeable, price: PRICES.vaccine })
    for (const r of of('MedicationRequest'))
      lines.push({ code: (r.medicationCodeableConcept ?? this.medicationCode.get(refOf(r.medicationReference))) as Codeable, price: PRICES.prescription })
    const claimId = this.rng.uuid()
    const eobId = this.rng.uuid()
    const provider = ref('Organization', ctx.clinician.organization.id, ctx.clinician.organization.name as string)
    const payerOrg = this.pool.payers.get(period.payer.key)!
    const billable = { start: isoDateTime(ctx.start), end: isoDateTime(ctx.end) }
    const type = inpatient ? concept(CLAIM_TYPE, 'institutional', 'Institutional') : concept(CLAIM_TYPE, 'professional', 'Professional')
    const diagnosis = diagnoses.map((c, i) => ({ sequence: i + 1, diagnosisReference: ref('Condition', c.id) }))
    const procedure = procedures.map((p, i) => ({ sequence: i + 1, date: isoDateTime(ctx.start), procedureReference: ref('Procedure', p.id) }))
    const encounterRef = [ref('Encounter', encounter.id)]
    const item = (l: (typeof lines)[number], i: number) => ({
      sequence: i + 1,
      ...(i === 0 && diagnosis.length ? { diagnosisSequence: diagnosis.map((d) => d.sequence) } : {}),
      ...(l.procedure ? { procedureSequence: [l.procedure] } : {}),
      productOrService: l.code,
      ...(l.modifier ? { modifier: l.modifier } : {}),
      servicedPeriod: billable,
      ...(l.site ? { bodySite: l.site } : {}),
      encounter: encounterRef,
    })
    const submitted = lines.reduce((s, l) => s + l.price, 0)
    // What the Claim and its EOB both say, in the same key order (so the bytes do not change).
    const shared = { status: 'active', type, use: 'claim', patient: ref('Patient', this.patientId), billablePeriod: billable }
    const claim: Resource = {
      resourceType: 'Claim',
      id: claimId,
      identifier: [sourceIdentifier(claimId)],
      ...shared,
      created: isoDateTime(ctx.end),
      provider,
      priority: concept('http://terminology.hl7.org/CodeSystem/processpriority', 'normal', 'Normal'),
      facility: ref('Location', ctx.clinician.location.id, ctx.clinician.location.name as string),
      ...(diagnosis.length ? { diagnosis } : {}),
      ...(procedure.length ? { procedure } : {}),
      insurance: [{ sequence: 1, focal: true, coverage: ref('Coverage', period.coverage.id) }],
      item: lines.map((l, i) => ({ ...item(l, i), net: money(l.price) })),
      total: money(submitted),
    }
    const adjudicate = (price: number) => {
      const eligible = price * period.payer.allowed
      return { eligible, benefit: eligible * period.payer.pays }
    }
    const benefit = lines.reduce((s, l) => s + adjudicate(l.price).benefit, 0)
    const processed = ctx.end + this.rng.int(7, 30) * MS.day
    if (processed >= this.referenceMs) return [claim]
    const eob: Resource = {
      resourceType: 'ExplanationOfBenefit',
      id: eobId,
      identifier: [sourceIdentifier(eobId)],
      ...shared,
      created: isoDateTime(processed),
      insurer: ref('Organization', payerOrg.id, payerOrg.name as string),
      provider,
      facility: ref('Location', ctx.clinician.location.id, ctx.clinician.location.name as string),
      claim: ref('Claim', claimId),
      outcome: 'complete',
      careTeam: [
        {
          sequence: 1,
          provider: ref('Practitioner', ctx.clinician.practitioner.id, ctx.clinician.name),
          role: concept('http://terminology.hl7.org/CodeSystem/claimcareteamrole', 'primary', 'Primary provider'),
        },
      ],
      ...(diagnosis.length ? { diagnosis } : {}),
      ...(procedure.length ? { procedure } : {}),
      insurance: [{ focal: true, coverage: ref('Coverage', period.coverage.id) }],
      item: lines.map((l, i) => {
        const a = adjudicate(l.price)
        return {
          ...item(l, i),
          careTeamSequence: [1],
          net: money(l.price),
          adjudication: [
            { category: concept(ADJUDICATION, 'submitted', 'Submitted Amount'), amount: money(l.price) },
            { category: concept(ADJUDICATION, 'eligible', 'Eligible Amount'), amount: money(a.eligible) },
            { category: concept(ADJUDICATION, 'benefit', 'Benefit Amount'), amount: money(a.benefit) },
          ],
        }
      }),
      total: [
        { category: concept(ADJUDICATION, 'submitted', 'Submitted Amount'), amount: money(submitted) },
        { category: concept(ADJUDICATION, 'benefit', 'Benefit Amount'), amount: money(benefit) },
      ],
      payment: { type: concept('http://terminology.hl7.org/CodeSystem/ex-paymenttype', 'complete', 'Complete'), date: isoDate(processed), amount: money(benefit) },
    }
    return [claim, eob]
  }
}

/** A procedure on one side (its target BodyStructure has a laterality): the line's body site and its HCPCS side modifier. */
function sideOf(p: Resource, visit: readonly Resource[]): { site?: Codeable; modifier?: Codeable[] } {
  const target = (p.extension as Array<{ url: string; valueReference?: { reference: string } }> | undefined)?.find((e) => e.url === TARGET_BODY_STRUCTURE)?.valueReference
    ?.reference
  const body = target ? visit.find((r) => r.resourceType === 'BodyStructure' && `BodyStructure/${r.id}` === target) : undefined
  const qualifier = (body?.locationQualifier as Codeable[] | undefined)?.[0]?.coding?.[0]?.code
  const side = Object.values(LATERALITY).find((s) => s.code === qualifier)
  if (!side) return {}
  return { site: (p.bodySite as Codeable[] | undefined)?.[0], modifier: [concept(SYS.hcpcs, side.modifier.code, side.modifier.display)] }
}

const isRadiology = (r: Resource) => (r.category as Codeable[] | undefined)?.some((c) => c.coding?.some((x) => x.code === 'LP29684-5')) ?? false
