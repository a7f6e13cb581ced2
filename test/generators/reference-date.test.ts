// The record is as of the reference date (CLIN-20): labs drawn on its eve, whose results would come
// the next day, are orders still awaiting them, with no report, no result and nothing for the
// visit's note. (Images are taken in the day and reported within hours, so they are reported.) The
// patients seen on the eve are found by their visit plans without building everyone else's record.
import t from 'tap'
import { foresee, generatePatient } from '../../generators/clinical/record.js'
import { checkRecord } from '../../generators/rules/clinical.js'
import { MS, type Resource } from '../../generators/fhir.js'
import { genContext } from './gen-context.js'

const at = (v: unknown) => Date.parse(String(v))
const refOf = (r: unknown) => (r as { reference?: string } | undefined)?.reference

t.test('GEN-REF-01: a lab drawn on the reference date’s eve is an order awaiting its results; nothing is issued after the reference date', async (t) => {
  const seed = 42
  const candidates = 20000
  const { ctx, ref, shared } = genContext(seed, candidates, 2)
  let seenOnEve = 0
  let pending = 0
  let resulted = 0
  const problems: string[] = []
  for (let i = 0; i < candidates && pending < 5; i++) {
    if (foresee(ctx, i).lastVisitMs < ref - MS.day) continue
    seenOnEve++
    const rec = generatePatient(ctx, i)
    const reportFor = new Map<string, Resource>()
    for (const r of rec.resources) if (r.resourceType === 'DiagnosticReport') for (const b of (r.basedOn as unknown[] | undefined) ?? []) reportFor.set(String(refOf(b)), r)
    for (const r of rec.resources) {
      if (typeof r.issued === 'string' && at(r.issued) > ref) problems.push(`patient ${i}: ${r.resourceType}/${r.id} issued ${r.issued}, after the reference date`)
      if (r.resourceType !== 'ServiceRequest') continue
      const report = reportFor.get(`ServiceRequest/${r.id}`)
      if (r.status === 'active') {
        pending++
        if (report) problems.push(`patient ${i}: ServiceRequest/${r.id} is active but reported by DiagnosticReport/${report.id}`)
        if (at(r.occurrenceDateTime) < ref - MS.day) problems.push(`patient ${i}: ServiceRequest/${r.id} still active, though done on ${String(r.occurrenceDateTime)}`)
        const ordered = (r.code as { coding: Array<{ code: string }> }).coding[0]!.code
        for (const n of rec.notes.filter((n) => n.encounter === refOf(r.encounter))) {
          if (n.entities.some((e) => e.code?.code === ordered)) problems.push(`patient ${i}: the note of ${n.encounter} cites the pending ${ordered}`)
        }
      } else if (r.status === 'completed' && at(r.occurrenceDateTime) >= ref - MS.day) {
        // Done on the eve and reported: only images, reported within hours, may be.
        if (!report) problems.push(`patient ${i}: ServiceRequest/${r.id} completed with no report`)
        else resulted++
      }
    }
    // The notes cite only what the record holds.
    const held = new Set(rec.resources.map((r) => `${r.resourceType}/${r.id}`))
    for (const n of rec.notes)
      for (const e of n.entities) if (e.record && !held.has(e.record)) problems.push(`patient ${i}: the note of ${n.encounter} cites ${e.record}, not in the record`)
    problems.push(...checkRecord(rec.resources, ref, shared).map((v) => `patient ${i}: ${v.rule} ${v.resource}: ${v.message}`))
  }
  t.ok(pending >= 5, `${pending} orders awaiting results among ${seenOnEve} patients seen on the eve (${resulted} done on the eve and already reported)`)
  t.same(problems, [], `each is active, unreported and uncited, and no rule is broken; first: ${problems.slice(0, 3).join('; ')}`)
})

t.test('GEN-REF-02: a stay still going on at the reference date is in progress: no end, no discharge, no claim yet, nothing after it', async (t) => {
  const seed = 42
  const candidates = 20000
  const { ctx, ref, shared } = genContext(seed, candidates, 2)
  let scanned = 0
  let ongoing = 0
  const problems: string[] = []
  for (let i = 0; i < candidates && ongoing < 2; i++) {
    if (foresee(ctx, i).lastVisitMs < ref - 6 * MS.day) continue
    scanned++
    const rec = generatePatient(ctx, i)
    for (const e of rec.resources) {
      if (e.resourceType !== 'Encounter' || e.status !== 'in-progress') continue
      ongoing++
      const where = `patient ${i} Encounter/${e.id}`
      const period = e.period as { start: string; end?: string }
      if (period.end !== undefined || (e.class as { code: string }).code !== 'IMP') problems.push(`${where}: ${JSON.stringify(e.class)} in progress with an end, ${period.end}`)
      if (e.hospitalization !== undefined) problems.push(`${where}: discharged (${JSON.stringify(e.hospitalization)}) while in progress`)
      const ofIt = rec.resources.filter((r) => JSON.stringify(r).includes(`"Encounter/${e.id}"`))
      for (const r of ofIt)
        if (r.resourceType === 'Claim' || r.resourceType === 'ExplanationOfBenefit') problems.push(`${where}: billed by ${r.resourceType}/${r.id} before discharge`)
      if (!ofIt.some((r) => r.resourceType === 'MedicationAdministration' || r.resourceType === 'Observation')) problems.push(`${where}: nothing recorded of the stay so far`)
    }
    problems.push(...checkRecord(rec.resources, ref, shared).map((v) => `patient ${i}: ${v.rule} ${v.resource}: ${v.message}`))
  }
  t.same(problems.slice(0, 5), [], `${ongoing} stays in progress among ${scanned} patients seen in the last six days`)
  t.ok(ongoing >= 1, `${ongoing} in progress`)
})
