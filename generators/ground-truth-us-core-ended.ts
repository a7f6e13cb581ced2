// Ground-truth queries for care that ended (CLIN-18: when a patient dies, prescriptions are
// stopped, care plans revoked, goals cancelled, care teams made inactive). Deaths are rare, so the
// patients asked for are the run's first who died with a care team (AnchorFacts.deceased) and the
// anchor, who is alive: the anchor's active care must be left out, so a server that ignores the
// status parameter fails. A run in which none of the scanned patients died asks for the anchor
// alone, and the answer must be empty.
import { SYS } from './data/systems.js'
import type { GroundTruthQuery } from './ground-truth.js'
import { hasCoding } from './ground-truth-match.js'
import type { Helpers } from './ground-truth-us-core.js'

export function usCoreEndedCareQueries({ a, q }: Helpers): GroundTruthQuery[] {
  const asked = new Set([...a.deceased, a.patientId])
  const D = [...asked].map((id) => `Patient/${id}`).join(',')
  const what = a.deceased.length
    ? `the first ${a.deceased.length} patients who died with a care team, and the anchor, alive: its active care is left out`
    : 'the anchor alone, alive: the answer is empty'
  const where =
    (type: string, test: (r: Record<string, unknown>) => boolean): GroundTruthQuery['match'] =>
    (rec) =>
      asked.has(rec.person.id) ? rec.resources.filter((r) => r.resourceType === type && test(r)).map((r) => r.id) : []
  return [
    q(
      'uscore-careteam-patient-status-inactive',
      `US Core SHALL: CareTeam by patient and status (inactive: ${what})`,
      `CareTeam?patient=${D}&status=inactive`,
      where('CareTeam', (r) => r.status === 'inactive'),
    ),
    q(
      'uscore-medicationrequest-patient-intent-status-stopped',
      `US Core SHALL: MedicationRequest by patient, intent and status (stopped: ${what})`,
      `MedicationRequest?patient=${D}&intent=order&status=stopped`,
      where('MedicationRequest', (r) => r.intent === 'order' && r.status === 'stopped'),
    ),
    q(
      'uscore-careplan-patient-category-status',
      `US Core SHOULD: CarePlan by patient, category and status (revoked: ${what})`,
      `CarePlan?patient=${D}&category=${SYS.usCoreCarePlanCategory}|assess-plan&status=revoked`,
      where('CarePlan', (r) => r.status === 'revoked' && hasCoding((r.category as unknown[] | undefined)?.[0], SYS.usCoreCarePlanCategory, 'assess-plan')),
    ),
    q(
      'uscore-goal-patient-lifecycle-status',
      `US Core SHOULD: Goal by patient and lifecycle status (cancelled: ${what})`,
      `Goal?patient=${D}&lifecycle-status=cancelled`,
      where('Goal', (r) => r.lifecycleStatus === 'cancelled'),
    ),
  ]
}
