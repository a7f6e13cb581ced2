// Deaths as a reader of the record would check them: where people die (PLACE_OF_DEATH: in the
// emergency department at the end of a visit that day, else elsewhere late that evening with no
// visit that day), the cause recorded, and care ending (CLIN-18, CLIN-19 and the rest of the rules
// hold). The dying patients of a 10-year run are found by their visit plans without building
// everyone else's record.
import t from 'tap'
import { foresee, generatePatient } from '../../generators/clinical/record.js'
import { visitEnd } from '../../generators/clinical/journey.js'
import { PLACE_OF_DEATH } from '../../generators/data/care.js'
import { checkRecord } from '../../generators/rules/clinical.js'
import type { Resource } from '../../generators/fhir.js'
import { genContext } from './gen-context.js'

type Codes = { coding?: Array<{ code?: string }> }
const code = (cc: unknown) => (cc as Codes | undefined)?.coding?.[0]?.code

t.test(
  'GEN-DEATH-01: a death happens in hospital as often as in the US, at the end of the day’s emergency visit, or elsewhere with no visit that day; care ends and no rule is broken',
  async (t) => {
    const seed = 5
    const candidates = 6000
    const { ctx, ref, shared } = genContext(seed, candidates, 10)
    let deaths = 0
    let inHospital = 0
    const problems: string[] = []
    for (let i = 0; i < candidates; i++) {
      if (!foresee(ctx, i).dies) continue
      const rec = generatePatient(ctx, i)
      const p = rec.person.resource
      if (p.deceasedDateTime === undefined) {
        problems.push(`patient ${i}: foreseen to die, but alive`)
        continue
      }
      deaths++
      const died = String(p.deceasedDateTime)
      const day = died.slice(0, 10)
      const that = rec.resources.filter((r) => r.resourceType === 'Encounter' && String((r.period as { start: string }).start).startsWith(day))
      const cause = rec.resources.find((r) => r.resourceType === 'Observation' && code(r.code) === '69453-9')
      const expired = that.filter((e) => code((e.hospitalization as { dischargeDisposition?: unknown } | undefined)?.dischargeDisposition) === 'exp')
      if (expired.length) {
        inHospital++
        const e = expired[0] as Resource
        if ((e.period as { end: string }).end !== died) problems.push(`patient ${i}: died at ${died}, the visit ended ${(e.period as { end: string }).end}`)
        if ((e.class as { code?: string }).code !== 'EMER') problems.push(`patient ${i}: died at a visit of class ${JSON.stringify(e.class)}`)
        if (code((e.reasonCode as unknown[] | undefined)?.[0]) !== code(cause?.valueCodeableConcept)) problems.push(`patient ${i}: the visit's reason is not the cause of death`)
      } else {
        if (that.length) problems.push(`patient ${i}: died elsewhere, but came to a visit that day`)
        if (!died.endsWith('T23:30:00Z')) problems.push(`patient ${i}: died elsewhere at ${died}`)
      }
      if (!cause) problems.push(`patient ${i}: no cause of death`)
      problems.push(...checkRecord(rec.resources, ref, shared).map((v) => `patient ${i}: ${v.rule} ${v.resource}: ${v.message}`))
    }
    t.same(problems.slice(0, 5), [], `each of ${deaths} deaths is recorded where it happened, with its cause, and breaks no rule (${problems.length} problems)`)
    t.ok(deaths > 200, `${deaths} deaths among ${candidates} patients over 10 years`)
    const share = inHospital / deaths
    t.ok(
      Math.abs(share / PLACE_OF_DEATH.hospital - 1) <= 0.25,
      `${inHospital} of ${deaths} deaths (${(share * 100).toFixed(1)} %) in hospital, cited ${(PLACE_OF_DEATH.hospital * 100).toFixed(1)} % (MMWR 2020;69:611)`,
    )
  },
)

t.test('GEN-DEATH-02: a stay ends by the day before a death that follows it (deaths on the ward are not modelled), so no visit outlasts the patient', async (t) => {
  const seed = 1
  const candidates = 1500
  const { ctx, ref, shared } = genContext(seed, candidates, 10)
  let deaths = 0
  let cutShort = 0
  const problems: string[] = []
  for (let i = 0; i < candidates; i++) {
    if (!foresee(ctx, i).dies) continue
    const rec = generatePatient(ctx, i)
    deaths++
    const died = Date.parse(String(rec.person.resource.deceasedDateTime))
    for (const e of rec.resources) {
      if (e.resourceType !== 'Encounter' || (e.class as { code: string }).code !== 'IMP') continue
      const end = Date.parse((e.period as { end: string }).end)
      if (end === died - 24 * 3600e3) cutShort++
      if (end > died - 24 * 3600e3)
        problems.push(`patient ${i}: Encounter/${e.id} ends ${(e.period as { end: string }).end}, the death is ${String(rec.person.resource.deceasedDateTime)}`)
    }
    problems.push(...checkRecord(rec.resources, ref, shared).map((v) => `patient ${i}: ${v.rule} ${v.resource}: ${v.message}`))
  }
  t.same(problems.slice(0, 5), [], `${deaths} deaths: no stay ends later than the day before (${cutShort} discharged that day, as planned stays running past it are)`)
  // The rule itself, row by row (a stay running past a death is rare in any one run).
  const death = Date.parse('2022-03-18T23:30:00Z')
  const stay = { ms: 0, kind: 'inpatient' as const, vaccines: [] }
  const at = (iso: string) => Date.parse(iso)
  t.same(visitEnd(stay, at('2022-03-20T10:20:00Z'), death, ref), { end: at('2022-03-17T23:30:00Z'), inProgress: false }, 'a stay planned past the death ends the day before it')
  t.same(visitEnd(stay, at('2022-03-16T10:20:00Z'), death, ref), { end: at('2022-03-16T10:20:00Z'), inProgress: false }, 'one that ends before is left as planned')
  t.same(
    visitEnd({ ...stay, kind: 'emergency' }, at('2022-03-18T03:00:00Z'), death, ref),
    { end: at('2022-03-18T03:00:00Z'), inProgress: false },
    'an emergency visit the night before runs into the death day',
  )
  t.same(visitEnd(stay, at('2025-01-03T09:00:00Z'), undefined, ref), { end: ref - 60_000, inProgress: true }, 'a stay past the reference date is in progress')
})
