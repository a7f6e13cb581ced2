// The clinical rules about a death (rules/clinical.ts runs them with the others): care ends with it
// (CLIN-18), and a death in hospital ends the visit it happens at (CLIN-19, data/care.ts PLACE_OF_DEATH).
import type { Resource } from '../fhir.js'

export const DEATH_RULES = {
  careEnds: {
    id: 'CLIN-18',
    text: 'care ends at death: a deceased patient holds no active prescription, care plan, goal or care team, nor a coverage without an end; what ended did so by the date of death',
  },
  diedThere: {
    id: 'CLIN-19',
    text: 'an encounter whose discharge disposition is expired belongs to a deceased patient, is their last (one at most), and ends at the time of death',
  },
} as const

type Flag = (rule: { id: string }, r: Resource, message: string) => void

/** Statuses (R4 value sets) that say care still goes on. */
const STILL_ON: Record<string, string[]> = {
  MedicationRequest: ['active', 'on-hold'],
  CarePlan: ['active', 'on-hold'],
  Goal: ['active', 'on-hold', 'accepted', 'planned'],
  CareTeam: ['active', 'suspended'],
}

const at = (s: unknown): number => Date.parse(String(s))

/** CLIN-18 and CLIN-19 over one record. */
export function checkDeath(resources: readonly Resource[], patient: Resource, flag: Flag): void {
  const died = patient.deceasedDateTime === undefined ? undefined : at(patient.deceasedDateTime)
  const when = ` the patient died on ${String(patient.deceasedDateTime)}`
  if (died !== undefined)
    for (const r of resources) {
      const going = ongoing(r, died)
      if (going) flag(DEATH_RULES.careEnds, r, `${going}, although${when}`)
    }
  const encounters = resources.filter((r) => r.resourceType === 'Encounter')
  const period = (e: Resource) => e.period as { start: string; end?: string }
  const expired = encounters.filter((e) => disposition(e) === 'exp')
  for (const e of expired) {
    if (died === undefined) flag(DEATH_RULES.diedThere, e, 'discharge disposition expired, but the patient is alive')
    else if (at(period(e).end) !== died) flag(DEATH_RULES.diedThere, e, `discharge disposition expired, ending ${String(period(e).end)}, but${when}`)
    else if (expired.length > 1 || encounters.some((o) => at(period(o).start) > at(period(e).start)))
      flag(DEATH_RULES.diedThere, e, 'discharge disposition expired, but another encounter follows or also ends in death')
  }
}

function disposition(e: Resource): string | undefined {
  return (e.hospitalization as { dischargeDisposition?: { coding?: Array<{ code?: string }> } } | undefined)?.dischargeDisposition?.coding?.[0]?.code
}

/** What of a resource still goes on past a death at `died` (CLIN-18), if anything. */
function ongoing(r: Resource, died: number): string | undefined {
  const status = r.resourceType === 'Goal' ? r.lifecycleStatus : r.status
  if (STILL_ON[r.resourceType]?.includes(String(status))) return `status ${String(status)}`
  if (!['CarePlan', 'Goal', 'CareTeam', 'Coverage'].includes(r.resourceType)) return undefined
  const end = r.resourceType === 'Goal' ? r.statusDate : (r.period as { end?: string } | undefined)?.end
  if (end === undefined) return r.resourceType === 'Goal' ? 'no status date' : 'a period without an end'
  return at(end) > died ? `ending ${String(end)}, after the death` : undefined
}
