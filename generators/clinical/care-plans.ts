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
      category: [concept('http://hl7.org/fhir/us/core/CodeSystem/careplan-category', 'assess-plan', 'Assessment and Plan of Treatment')],
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
