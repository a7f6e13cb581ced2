// The emergency department's own presentations (generators/data/emergency.ts): chest pain,
// abdominal pain, headache, a cut hand, a broken forearm, a concussion. Their rows are complete and
// sourced, their words say nothing the record does not hold, and a generated population comes to
// the emergency department at the rate the tables give, each visit with what is done for it there.
import t from 'tap'
import { generatePatient } from '../../generators/clinical/record.js'
import { checkRecord } from '../../generators/rules/clinical.js'
import { ACUTE_CONDITIONS, bandIndex } from '../../generators/data/conditions.js'
import { EMERGENCY_CONDITIONS } from '../../generators/data/emergency.js'
import { ACUTE_PRESENTATIONS, CONDITION_TERMS, NORMAL_EXAM, SYMPTOMS } from '../../generators/data/notes.js'
import { HOSPITAL_IMAGING, IMAGING } from '../../generators/data/hospital.js'
import { PROCEDURES } from '../../generators/data/procedures.js'
import { EMERGENCY_ARRIVALS, OFFICE_HOURS } from '../../generators/data/encounters.js'
import { ageAt, MS, type Resource } from '../../generators/fhir.js'
import { planVisits } from '../../generators/clinical/journey.js'
import { Rng } from '../../generators/random.js'
import { STAT_TURNAROUND_MS } from '../../generators/clinical/resources.js'
import { genContext } from './gen-context.js'

const refOf = (r: unknown) => (r as { reference?: string } | undefined)?.reference
const codes = (c: unknown) => ((c as { coding?: Array<{ code: string }> } | undefined)?.coding ?? []).map((x) => x.code)

t.test('GEN-ED-01: each emergency presentation is sourced, has its words, and its story names nothing a note would annotate', async (t) => {
  t.ok(EMERGENCY_CONDITIONS.length >= 6, `${EMERGENCY_CONDITIONS.length} presentations`)
  const annotated = [
    ...Object.values(CONDITION_TERMS).flatMap((c) => [...c.names, ...c.abbreviations]),
    ...Object.values(SYMPTOMS).flatMap((s) => s.text),
    ...NORMAL_EXAM.map((l) => l.site),
    ...Object.values(ACUTE_PRESENTATIONS).map((p) => p.exam.site),
  ].map((w) => w.toLowerCase())
  for (const c of EMERGENCY_CONDITIONS) {
    t.ok(ACUTE_CONDITIONS.includes(c), `${c.key}: drawn with the other acute conditions`)
    t.ok(c.emergencyShare > 0 && c.emergencyShare <= 1, `${c.key}: a share seen in the emergency department`)
    t.ok(c.admissionFactor === undefined || c.admissionFactor >= 0, `${c.key}: an admission factor, if any, is a factor`)
    const symptomWords = Object.values(SYMPTOMS).flatMap((x) => x.text)
    for (const name of CONDITION_TERMS[c.key]?.names ?? []) t.notOk(symptomWords.includes(name), `${c.key}: "${name}" is not also a symptom's word (a reader could not tell which)`)
    const p = ACUTE_PRESENTATIONS[c.key]
    if (!t.ok(p, `${c.key}: a presentation in data/notes`)) continue
    for (const s of [...p!.always, ...p!.sometimes]) t.ok(SYMPTOMS[s], `${c.key}: symptom ${s} has its words`)
    t.equal(p!.onset === 'hours', c.sudden === true, `${c.key}: the note says hours exactly when the condition begins within hours`)
    for (const phrase of p!.story ?? []) {
      const named = annotated.filter((w) => new RegExp(`\\b${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(phrase.toLowerCase()))
      t.same(named, [], `${c.key}: "${phrase}" names no condition, symptom or site`)
    }
    for (const k of c.procedures ?? []) t.ok(PROCEDURES[k], `${c.key}: procedure ${k}`)
    const imaging = HOSPITAL_IMAGING[c.key]
    if (imaging) t.ok(IMAGING[imaging], `${c.key}: imaging ${imaging}`)
  }
})

t.test('GEN-ED-02: a population comes to the emergency department at the tables’ rate, and each visit holds what is done there', async (t) => {
  const seed = 7
  const patients = 1000
  const years = 5
  const { ctx, ref, shared } = genContext(seed, patients, years)
  const windowStart = ref - years * MS.year
  const emergencyKeys = new Map(EMERGENCY_CONDITIONS.map((c) => [c.snomed.code, c]))
  const acuteByCode = new Map(ACUTE_CONDITIONS.map((c) => [c.snomed.code, c]))
  let expected = 0
  let personYears = 0
  let seen = 0
  let admitted = 0
  const byKey = new Map<string, number>()
  const arrivals = EMERGENCY_ARRIVALS.map(() => 0)
  const problems: string[] = []
  let statLabs = 0
  const underTwo = { visits: 0, years: 0 }
  const olderChild = { visits: 0, years: 0 }
  for (let i = 0; i < patients; i++) {
    const rec = generatePatient(ctx, i)
    const patient = rec.person.resource
    const birthMs = Date.parse(String(patient.birthDate))
    const female = patient.gender === 'female'
    const endMs = patient.deceasedDateTime ? Date.parse(String(patient.deceasedDateTime)) : ref
    personYears += Math.max(0, endMs - Math.max(windowStart, birthMs)) / MS.year
    const lived = (from: number, to: number) => Math.max(0, Math.min(endMs, to) - Math.max(windowStart, from)) / MS.year
    underTwo.years += lived(birthMs, birthMs + 2 * MS.year)
    olderChild.years += lived(birthMs + 2 * MS.year, birthMs + 18 * MS.year)
    // What the tables give for this patient: each window year's episodes times the emergency share (the utilization factor has mean 1).
    // A baby born in the window: from its birth, at its first band's rate times the condition's factor under 2.
    for (let y = 0; y < years; y++) {
      const from = windowStart + y * MS.year
      const lived = Math.max(from, birthMs)
      if (lived >= from + MS.year || from >= endMs) continue
      const age = ageAt(birthMs, lived)
      const share = (Math.min(from + MS.year, endMs) - lived) / MS.year
      for (const c of ACUTE_CONDITIONS)
        if (!c.firstYears) expected += share * c.incidence[bandIndex(age)]![female ? 0 : 1] * (age < 2 ? (c.underTwoFactor ?? 1) : 1) * c.emergencyShare
    }
    // An illness of infancy at its rate for each year of life the window holds.
    for (const c of ACUTE_CONDITIONS)
      for (const [y, rates] of (c.firstYears ?? []).entries()) expected += lived(birthMs + y * MS.year, birthMs + (y + 1) * MS.year) * rates[female ? 0 : 1] * c.emergencyShare
    const inEncounter = new Map<string, Resource[]>()
    for (const r of rec.resources) {
      const e = refOf(r.encounter) ?? refOf(r.context)
      if (e) inEncounter.set(e, [...(inEncounter.get(e) ?? []), r])
    }
    for (const e of rec.resources) {
      if (e.resourceType !== 'Encounter') continue
      const cls = (e.class as { code: string }).code
      const startMs = Date.parse(String((e.period as { start: string }).start))
      const minute = (startMs % MS.day) / MS.minute
      const officeHours = minute >= OFFICE_HOURS[0] && minute <= OFFICE_HOURS[1]
      if (cls === 'AMB' && !officeHours) problems.push(`patient ${i} Encounter/${e.id}: a clinic visit at ${String((e.period as { start: string }).start)}`)
      if (cls !== 'AMB' && startMs - (startMs % MS.day) + MS.day >= ref && !officeHours) problems.push(`patient ${i} Encounter/${e.id}: arrives on the eve out of office hours`)
      // Labs drawn in the emergency department or on admission are stat: resulted within the hour, before the patient leaves.
      for (const r of cls === 'AMB' ? [] : (inEncounter.get(`Encounter/${e.id}`) ?? [])) {
        if (r.resourceType !== 'DiagnosticReport' || !codes((r.category as unknown[])[0]).includes('LAB')) continue
        statLabs++
        const issued = Date.parse(String(r.issued))
        const end = (e.period as { end?: string }).end
        if (issued - Date.parse(String(r.effectiveDateTime)) > STAT_TURNAROUND_MS || (end !== undefined && issued > Date.parse(end)))
          problems.push(`patient ${i} DiagnosticReport/${r.id}: issued ${String(r.issued)} in a ${cls} visit ending ${end ?? '(in progress)'}`)
      }
      if (cls === 'EMER' && e.reasonCode !== undefined && acuteByCode.has(codes((e.reasonCode as unknown[])[0])[0] ?? ''))
        arrivals[EMERGENCY_ARRIVALS.findIndex((a) => (minute - a.from + 24 * 60) % (24 * 60) < a.minutes)]! += 1
      const reason = codes((e.reasonCode as unknown[] | undefined)?.[0])[0] ?? ''
      const acute = acuteByCode.get(reason)
      if (!acute || (cls !== 'EMER' && cls !== 'IMP')) {
        if (acute && emergencyKeys.has(reason)) byKey.set(`${acute.key} (clinic)`, (byKey.get(`${acute.key} (clinic)`) ?? 0) + 1)
        if (!emergencyKeys.has(reason)) continue
      } else {
        seen++
        const age = ageAt(birthMs, startMs)
        if (age < 2) underTwo.visits++
        else if (age < 18) olderChild.visits++
      }
      const def = emergencyKeys.get(reason)
      if (!def) continue
      if (cls === 'IMP') admitted++
      if (cls === 'EMER' || cls === 'IMP') byKey.set(def.key, (byKey.get(def.key) ?? 0) + 1)
      const where = `patient ${i} Encounter/${e.id} (${def.key}, ${cls})`
      const held = inEncounter.get(`Encounter/${e.id}`) ?? []
      const procedures = held.filter((r) => r.resourceType === 'Procedure').flatMap((r) => codes(r.code))
      for (const k of def.procedures ?? []) if (!procedures.includes(PROCEDURES[k]!.code)) problems.push(`${where}: no ${k} procedure`)
      const imaging = HOSPITAL_IMAGING[def.key]
      if (
        imaging &&
        cls !== 'AMB' &&
        !held.some((r) => r.resourceType === 'ImagingStudy' && codes((r.procedureCode as unknown[])[0]).includes(PROCEDURES[IMAGING[imaging]!.procedure]!.code))
      )
        problems.push(`${where}: no ${imaging} study`)
      if (def.admissionFactor === 0 && cls === 'IMP') problems.push(`${where}: admitted, though never admitted for this`)
      const condition = held.find((r) => r.resourceType === 'Condition' && codes(r.code).includes(reason))
      if (!condition) {
        problems.push(`${where}: no Condition of the visit`)
        continue
      }
      const before = Date.parse(String((e.period as { start: string }).start)) - Date.parse(String(condition.onsetDateTime))
      if (def.sudden && (before < 0 || before > 6 * MS.hour)) problems.push(`${where}: began ${(before / MS.hour).toFixed(1)} h before the visit, not within hours`)
      const note = rec.notes.find((n) => n.encounter === `Encounter/${e.id}`)
      const said = note && /(\d+) (hour|day)s? of /.exec(note.text)
      const unit = def.sudden ? MS.hour : MS.day
      if (note && (!said || said[2] !== (def.sudden ? 'hour' : 'day') || Number(said[1]) !== Math.max(1, Math.round(before / unit))))
        problems.push(`${where}: the note says ${said?.[0] ?? 'nothing'}, the record ${(before / unit).toFixed(1)} ${def.sudden ? 'hours' : 'days'}`)
    }
    const broken = checkRecord(rec.resources, ref, shared)
    if (broken.length) problems.push(`patient ${i}: ${broken[0]!.rule} ${broken[0]!.message}`)
  }
  t.same(problems.slice(0, 10), [], `${seen} emergency visits and stays for acute conditions checked`)
  const rate = (100 * seen) / personYears
  const ratio = seen / expected
  t.ok(
    rate >= 8,
    `${rate.toFixed(1)} emergency visits and stays per 100 person-years for acute conditions (was 3.0 before the emergency presentations; the US has 43 for every reason)`,
  )
  t.ok(ratio > 0.85 && ratio < 1.15, `${seen} seen, ${expected.toFixed(0)} from the tables (ratio ${ratio.toFixed(2)})`)
  // Under 2, children come far more often than older children (with fever alone about 0.37 visits a year each: data/emergency.ts, viralIllness).
  const rateUnderTwo = underTwo.visits / underTwo.years
  const rateOlder = olderChild.visits / olderChild.years
  t.ok(
    rateUnderTwo > 1.5 * rateOlder,
    `under 2: ${(100 * rateUnderTwo).toFixed(1)} emergency visits and stays per 100 child-years (${underTwo.visits} in ${underTwo.years.toFixed(0)}); 2 to 17: ${(100 * rateOlder).toFixed(1)} (${olderChild.visits} in ${olderChild.years.toFixed(0)})`,
  )
  for (const c of EMERGENCY_CONDITIONS)
    t.ok((byKey.get(c.key) ?? 0) >= 3, `${c.key}: ${byKey.get(c.key) ?? 0} in the emergency department or admitted, ${byKey.get(`${c.key} (clinic)`) ?? 0} in clinic`)
  t.ok(admitted > 0, `${admitted} admitted for an emergency presentation`)
  t.ok(statLabs >= 100, `${statLabs} lab reports from the emergency department and the ward, each resulted within the hour (checked above)`)
  const arrived = arrivals.reduce((a, b) => a + b, 0)
  for (const [k, a] of EMERGENCY_ARRIVALS.entries()) {
    const share = arrivals[k]! / arrived
    t.ok(
      Math.abs(share - a.share) <= 0.05,
      `${(100 * share).toFixed(1)} % of ${arrived} emergency visits arrive from ${a.from / 60}:00 for ${a.minutes / 60} h (cited ${100 * a.share} %)`,
    )
  }
})

t.test('GEN-ED-03: bronchiolitis comes in the first two years only, to the emergency department and the ward at the cited rates', async (t) => {
  const def = EMERGENCY_CONDITIONS.find((c) => c.key === 'bronchiolitis')!
  t.ok(def.firstYears && def.incidence.every(([f, m]) => f === 0 && m === 0), 'its rate is by year of life, none from the second birthday')
  // The journey draws an illness of infancy at its first year's rate and thins it by age, so no later year may be higher.
  for (const c of ACUTE_CONDITIONS.filter((x) => x.firstYears))
    t.ok(
      c.firstYears![1].every((r, sex) => r <= c.firstYears![0][sex]!),
      `${c.key}: the second year's rates no higher than the first's`,
    )
  // Infants born over ten years before the reference date, each followed from birth; the journey alone (no chronic conditions, utilization 1).
  const refMs = Date.UTC(2025, 0, 1)
  const years = 10
  const windowStart = refMs - years * MS.year
  const rng = new Rng(11)
  const seen = { episodes: 0, emergency: 0, admitted: 0, firstYear: 0, childYears: 0 }
  const late: string[] = []
  for (let i = 0; i < 20000; i++) {
    const birthMs = windowStart + rng.float(0, 7) * MS.year
    seen.childYears += 2
    for (const v of planVisits(rng, { birthMs, female: i % 2 === 0, refMs, windowStart, years }, [], { factor: 1, high: false })) {
      if (v.acute?.key !== 'bronchiolitis') continue
      seen.episodes++
      if (v.kind !== 'symptom') seen.emergency++
      if (v.kind === 'inpatient') seen.admitted++
      if (ageAt(birthMs, v.ms) === 0) seen.firstYear++
      if (ageAt(birthMs, v.ms) >= 2) late.push(`born ${new Date(birthMs).toISOString()}, seen ${new Date(v.ms).toISOString()}`)
    }
  }
  t.same(late.slice(0, 3), [], 'no episode from the second birthday')
  const perThousand = (n: number) => (1000 * n) / seen.childYears
  // Flaherman 2012: 162 episodes per 1,000 children in their first two years, 81 per 1,000 child-years (the last birthday's year is cut short, so a little fewer).
  t.ok(perThousand(seen.episodes) > 65 && perThousand(seen.episodes) < 90, `${perThousand(seen.episodes).toFixed(1)} episodes per 1,000 child-years under 2 (cited 81)`)
  // Hasegawa 2014: 35.6–36.3 emergency visits per 1,000 child-years under 2, 26 % of them admitted.
  t.ok(perThousand(seen.emergency) > 29 && perThousand(seen.emergency) < 42, `${perThousand(seen.emergency).toFixed(1)} emergency visits per 1,000 child-years (cited 35.6–36.3)`)
  const admittedShare = seen.admitted / seen.emergency
  t.ok(admittedShare > 0.21 && admittedShare < 0.31, `${(100 * admittedShare).toFixed(1)} % of them admitted (cited 26 %)`)
  t.ok(seen.firstYear / seen.episodes > 0.6, `${((100 * seen.firstYear) / seen.episodes).toFixed(0)} % in the first year`)
})
