// Care planning for chronic conditions (US Core CareTeam, Goal, CarePlan): when a managed chronic
// condition enters the problem list, the patient gets a care team (once), a goal and a plan that
// addresses the condition (data/care.ts CARE_PLANS).
import type { Rng } from '../random.js'
import { CARE_PLANS } from '../data/care.js'
import type { ChronicCondition } from '../data/conditions.js'
import { SYS, US_CORE } from '../data/systems.js'
import { concept, coding, isoDate, MS, ref, sourceIdentifier, type Resource } from '../fhir.js'
import type { VisitCtx } from './resources.js'

export class CarePlanner {
  private careTeamId?: string

  constructor(
    private readonly rng: Rng,
    private readonly out: Resource[],
    private readonly patientId: string,
  ) {}

  /** The condition's Goal and CarePlan (and the CareTeam on first use), when CARE_PLANS has one for it. */
  plan(ctx: VisitCtx, def: ChronicCondition, conditionId: string): void {
    const plan = CARE_PLANS[def.key]
    if (!plan) return
    const patient = ref('Patient', this.patientId)
    if (!this.careTeamId) {
      const id = (this.careTeamId = this.rng.uuid())
      this.out.push({
        resourceType: 'CareTeam',
        id,
        meta: { profile: [US_CORE.careTeam] },
        identifier: [sourceIdentifier(id)],
        status: 'active',
        name: 'Primary care team',
        subject: patient,
        period: { start: isoDate(ctx.start) },
        participant: [
          { role: [concept(SYS.snomed, '446050000', 'Primary care physician (occupation)')], member: ref('Practitioner', ctx.clinician.practitioner.id, ctx.clinician.name) },
          { role: [concept(SYS.snomed, '116154003', 'Patient (person)')], member: patient },
        ],
        managingOrganization: [ref('Organization', ctx.clinician.organization.id, ctx.clinician.organization.name as string)],
      })
    }
    const goalId = this.rng.uuid()
    const name = def.snomed.display.replace(/ \((disorder|finding)\)$/, '')
    const due = isoDate(ctx.start + 180 * MS.day)
    const goal: Resource = {
      resourceType: 'Goal',
      id: goalId,
      meta: { profile: [US_CORE.goal] },
      identifier: [sourceIdentifier(goalId)],
      lifecycleStatus: 'active',
      description: { text: plan.goal },
      subject: patient,
      startDate: isoDate(ctx.start),
      target: [
        plan.measure
          ? {
              measure: { coding: [coding(SYS.loinc, plan.measure.loinc, plan.measure.display)] },
              detailQuantity: { value: plan.measure.below, comparator: '<', unit: plan.measure.unit, system: SYS.ucum, code: plan.measure.unit },
              dueDate: due,
            }
          : { dueDate: due },
      ],
      addresses: [ref('Condition', conditionId)],
      expressedBy: ref('Practitioner', ctx.clinician.practitioner.id, ctx.clinician.name),
    }
    const planId = this.rng.uuid()
    this.out.push(goal, {
      resourceType: 'CarePlan',
      id: planId,
      meta: { profile: [US_CORE.carePlan] },
      identifier: [sourceIdentifier(planId)],
      text: {
        status: 'generated',
        div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${escapeXml(`Care plan for ${name.toLowerCase()}. Goal: ${plan.goal}. ${plan.activity}.`)}</p></div>`,
      },
      status: 'active',
      intent: 'plan',
      category: [concept(SYS.usCoreCarePlanCategory, 'assess-plan', 'Assessment and Plan of Treatment')],
      title: `${name} care plan`,
      subject: patient,
      encounter: ref('Encounter', ctx.encounterId),
      period: { start: isoDate(ctx.start) },
      author: ref('Practitioner', ctx.clinician.practitioner.id, ctx.clinician.name),
      careTeam: [ref('CareTeam', this.careTeamId)],
      addresses: [ref('Condition', conditionId)],
      goal: [ref('Goal', goalId)],
      activity: [{ detail: { status: 'in-progress', description: plan.activity } }],
    })
  }
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/**
 * Care ends when the patient dies (CLIN-18): what was still going on stops that day, as an EHR
 * records it when it closes a deceased patient's chart. Prescriptions still active are stopped;
 * care plans are revoked (ended before completion) and their activities stopped; goals are
 * cancelled (abandoned), saying why and when; care teams become inactive. Each period ends on the
 * date of death. Coverage ends in Billing, which knows the periods.
 */
export function endCare(resources: readonly Resource[], deathMs: number): void {
  const day = isoDate(deathMs)
  for (const r of resources) {
    if (r.resourceType === 'MedicationRequest' && r.status === 'active') r.status = 'stopped'
    else if (r.resourceType === 'CarePlan' && r.status === 'active') {
      r.status = 'revoked'
      r.period = { ...(r.period as object), end: day }
      for (const a of r.activity as Array<{ detail: { status: string } }>) if (a.detail.status === 'in-progress') a.detail.status = 'stopped'
    } else if (r.resourceType === 'Goal' && r.lifecycleStatus === 'active') {
      r.lifecycleStatus = 'cancelled'
      r.statusDate = day
      r.statusReason = 'The patient died.'
    } else if (r.resourceType === 'CareTeam' && r.status === 'active') {
      r.status = 'inactive'
      r.period = { ...(r.period as object), end: day }
    }
  }
}
