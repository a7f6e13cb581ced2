// Clinical notes and their NLP ground truth (generators/clinical/note.ts): every annotated span is
// re-derived here from the note's text and the patient's record — the text at the offsets, the
// code the record holds, the record's resource at that visit — and what the record does not hold
// (negated, family, hypothetical, uncertain mentions) is shown to be absent from it. The notes
// must also read like notes: varied words, abbreviations, negations, a small rate of misspellings.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Rng } from '../../generators/random.js'
import { makeFaker } from '../../generators/faker-source.js'
import { buildPool } from '../../generators/population/pool.js'
import { generatePatient, type NoteAnnotation } from '../../generators/clinical/record.js'
import {
  ACUTE_PRESENTATIONS,
  ALLERGEN_NAMES,
  CONDITION_TERMS,
  DRUG_NAMES,
  FAMILY_HISTORY,
  NARRATIVE,
  NORMAL_EXAM,
  PANEL_NAMES,
  PROCEDURE_NAMES,
  SYMPTOMS,
  VITAL_NAMES,
} from '../../generators/data/notes.js'
import { PROCEDURES } from '../../generators/data/procedures.js'
import { MEDICATIONS } from '../../generators/data/medications.js'
import { ALLERGIES } from '../../generators/data/allergies.js'
import { LAB_PANELS, LABS, VITALS } from '../../generators/data/observations.js'
import { ALL_CONDITIONS } from '../../generators/data/conditions.js'
import { SYS } from '../../generators/data/systems.js'
import type { Resource } from '../../generators/fhir.js'
import { cli } from '../helpers.js'

const SEED = 17
const PATIENTS = 300
const referenceMs = Date.parse('2025-01-01T00:00:00Z')

type Coding = { system?: string; code?: string }
type Codings = { coding?: Coding[] }
const codes = (cc: unknown): Coding[] => (cc as Codings | undefined)?.coding ?? []
const has = (cc: unknown, system: string, code: string) => codes(cc).some((c) => c.system === system && c.code === code)
const slice = (text: string, begin: number, end: number) => Array.from(text).slice(begin, end).join('')
const day = (iso: unknown) => String(iso ?? '').slice(0, 10)
/** The patient's age in whole years as the note's header gives it ("58 y/o", or an infant's "7 mo" or "10 days"). */
function headerAge(text: string): number {
  const m = /Patient: [^\n]*, (\d+) (y\/o|mo|days) [FM]\n/.exec(text)
  if (!m) return NaN
  return m[2] === 'y/o' ? Number(m[1]) : m[2] === 'mo' ? Math.floor(Number(m[1]) / 12) : 0
}

function population() {
  const rng = new Rng(SEED)
  const { faker, randomizer } = makeFaker(rng)
  const pool = buildPool(SEED, PATIENTS)
  const ctx = { seed: SEED, referenceMs, years: 10, pool, rng, faker, randomizer }
  const shared = new Map<string, Resource>()
  for (const m of pool.medications.values()) shared.set(`Medication/${m.id}`, m)
  return { ctx, shared }
}

/** The code a mention's record holds for it, or why it does not. */
function holds(e: NoteAnnotation['entities'][number], r: Resource, shared: Map<string, Resource>): string | undefined {
  const code = e.code!
  switch (r.resourceType) {
    case 'Condition':
      return has(r.code, code.system, code.code) ? undefined : `Condition.code lacks ${code.code}`
    case 'MedicationRequest': {
      const med = (r.medicationReference as { reference?: string } | undefined)?.reference
      const concept = med ? shared.get(med)?.code : r.medicationCodeableConcept
      return has(concept, code.system, code.code) ? undefined : `medication lacks ${code.code}`
    }
    case 'Observation':
    case 'DiagnosticReport':
    case 'Procedure':
      return has(r.code, code.system, code.code) ? undefined : `${r.resourceType}.code lacks ${code.code}`
    case 'AllergyIntolerance': {
      const reactions = (r.reaction as Array<{ manifestation?: unknown[] }> | undefined) ?? []
      const inReaction = reactions.some((x) => (x.manifestation ?? []).some((m) => has(m, code.system, code.code)))
      return has(r.code, code.system, code.code) || inReaction ? undefined : `AllergyIntolerance lacks ${code.code}`
    }
    default:
      return `unexpected record type ${r.resourceType}`
  }
}

t.test('NOTES-01: every annotated span is the note text at its offsets and holds what the record holds at that visit', async (t) => {
  const { ctx, shared } = population()
  const problems: string[] = []
  const seen = { notes: 0, entities: 0, recorded: 0, longest: 0, traits: new Map<string, number>(), categories: new Map<string, number>() }
  const fail = (where: string, why: string) => problems.length < 20 && problems.push(`${where}: ${why}`)
  for (let i = 0; i < PATIENTS; i++) {
    const rec = generatePatient(ctx, i)
    const byRef = new Map(rec.resources.map((r) => [`${r.resourceType}/${r.id}`, r]))
    const conditions = rec.resources.filter((r) => r.resourceType === 'Condition')
    for (const note of rec.notes) {
      seen.notes++
      seen.longest = Math.max(seen.longest, [...note.text].length)
      const doc = byRef.get(note.note)
      const data = (doc?.content as Array<{ attachment: { data: string } }> | undefined)?.[0]?.attachment.data
      if (!doc || Buffer.from(data ?? '', 'base64').toString('utf8') !== note.text) fail(note.note, 'the DocumentReference does not carry this text')
      if ((doc?.context as { encounter?: Array<{ reference: string }> })?.encounter?.[0]?.reference !== note.encounter) fail(note.note, 'another encounter')
      let last = 0
      for (const e of note.entities) {
        seen.entities++
        seen.categories.set(e.category, (seen.categories.get(e.category) ?? 0) + 1)
        for (const tr of e.traits) seen.traits.set(tr, (seen.traits.get(tr) ?? 0) + 1)
        const where = `${note.note} [${e.begin},${e.end}) ${JSON.stringify(e.text)}`
        if (slice(note.text, e.begin, e.end) !== e.text) fail(where, `the text there is ${JSON.stringify(slice(note.text, e.begin, e.end))}`)
        if (e.begin < last) fail(where, 'overlaps or precedes the mention before it')
        last = e.end
        const notHeld = e.traits.some((x) => x === 'NEGATION' || x === 'PERTAINS_TO_FAMILY' || x === 'HYPOTHETICAL' || x === 'LOW_CONFIDENCE')
        if (notHeld) {
          if (e.record) fail(where, 'a negated, family, hypothetical or uncertain mention points at the record')
          // What the note says is absent is absent: no condition of the patient has that code during the visit
          // (one that begins after the visit ended, a fall that evening, is not denied by it).
          const visit = byRef.get(note.encounter)?.period as { start: string; end?: string } | undefined
          const [from, to] = visit ? [Date.parse(visit.start), Date.parse(visit.end ?? visit.start)] : [Date.parse(`${note.date}T00:00:00Z`), Date.parse(`${note.date}T23:59:59Z`)]
          const active = conditions.filter(
            (c) =>
              has(c.code, e.code!.system, e.code!.code) &&
              Date.parse(String(c.onsetDateTime)) <= to &&
              !(c.abatementDateTime !== undefined && Date.parse(String(c.abatementDateTime)) < from),
          )
          if (!e.traits.includes('PERTAINS_TO_FAMILY') && active.length) fail(where, `the record has ${active[0]!.id} with that code then`)
          continue
        }
        if (e.category === 'ANATOMY') continue
        if (e.category === 'MEDICAL_CONDITION' && (e.traits.includes('SYMPTOM') || e.traits.includes('SIGN')) && !e.record) continue
        if (!e.record || !e.code) {
          fail(where, 'an asserted mention without the record it is of')
          continue
        }
        const r = byRef.get(e.record)
        if (!r) {
          fail(where, `${e.record} is not in the patient's record`)
          continue
        }
        seen.recorded++
        const why = holds(e, r, shared)
        if (why) fail(where, why)
        if (r.resourceType === 'Condition') {
          if (day(r.onsetDateTime) > note.date) fail(where, `the condition starts ${day(r.onsetDateTime)}, after the note`)
          const past = e.traits.includes('PAST_HISTORY')
          const abated = day(r.abatementDateTime)
          if (past && !(abated && abated < note.date)) fail(where, 'past history of a condition not resolved before the note')
        }
        if (r.resourceType === 'MedicationRequest' && day(r.authoredOn) > note.date) fail(where, 'a drug prescribed after the note')
        if (
          (r.resourceType === 'Observation' || r.resourceType === 'DiagnosticReport' || r.resourceType === 'Procedure') &&
          (r.encounter as { reference: string }).reference !== note.encounter
        )
          fail(where, `a result of another visit (${(r.encounter as { reference: string }).reference})`)
      }
    }
  }
  t.same(problems, [], `${seen.entities} mentions in ${seen.notes} notes re-derived (${seen.recorded} against a record resource)`)
  t.ok(seen.notes > 2000 && seen.entities > 20 * seen.notes, `enough to say something: ${seen.notes} notes, ${seen.entities} mentions`)
  // HealthLake takes a DocumentReference note of at most 10,000 characters (catalogue HL-23).
  t.ok(seen.longest <= 10_000, `the longest note has ${seen.longest} characters (HealthLake's limit: 10,000)`)
  for (const c of ['MEDICAL_CONDITION', 'MEDICATION', 'TEST_TREATMENT_PROCEDURE', 'ANATOMY'])
    t.ok((seen.categories.get(c) ?? 0) > 100, `category ${c}: ${seen.categories.get(c) ?? 0}`)
  for (const tr of ['DIAGNOSIS', 'SIGN', 'SYMPTOM', 'NEGATION', 'PAST_HISTORY', 'PERTAINS_TO_FAMILY', 'HYPOTHETICAL', 'LOW_CONFIDENCE'])
    t.ok((seen.traits.get(tr) ?? 0) >= 20, `trait ${tr}: ${seen.traits.get(tr) ?? 0}`)
})

t.test('NOTES-02: the notes read like notes — varied wording, abbreviations, brands and a small rate of misspellings', async (t) => {
  const { ctx } = population()
  const words = new Set<string>()
  const condition = { mentions: 0, abbreviated: 0 }
  const drugs = { mentions: 0, brand: 0 }
  let misspelled = 0
  let eligible = 0
  const openings = new Set<string>()
  const abbreviations = new Set(Object.values(CONDITION_TERMS).flatMap((c) => c.abbreviations))
  const names = new Set(Object.values(CONDITION_TERMS).flatMap((c) => c.names))
  const generics = new Set(Object.values(DRUG_NAMES).map((d) => d.generic))
  for (let i = 0; i < 200; i++) {
    for (const note of generatePatient(ctx, i).notes) {
      for (const w of note.text.toLowerCase().match(/[a-z][a-z'-]+/g) ?? []) words.add(w)
      openings.add(note.text.split('\n').slice(4, 7).join('\n').replace(/\d+/g, '#').slice(0, 40))
      for (const e of note.entities) {
        const lower = e.text.toLowerCase()
        if (e.category === 'MEDICAL_CONDITION' && e.record?.startsWith('Condition/')) {
          condition.mentions++
          // Sentence-initial words are capitalised ("Knee OA", "Hypertension").
          if (abbreviations.has(e.text) || abbreviations.has(e.text.charAt(0).toLowerCase() + e.text.slice(1))) condition.abbreviated++
          else if (!e.misspelled && !names.has(lower)) t.fail(`condition written as ${JSON.stringify(e.text)}, which no table has`)
        }
        if (e.category === 'MEDICATION' && e.record?.startsWith('MedicationRequest/')) {
          drugs.mentions++
          if (e.type === 'BRAND_NAME') drugs.brand++
          else if (!e.misspelled && !generics.has(e.text)) t.fail(`drug written as ${JSON.stringify(e.text)}, which no table has`)
        }
        if ((e.category === 'MEDICAL_CONDITION' || e.category === 'MEDICATION') && e.text.length >= 7) eligible++
        if (e.misspelled) {
          misspelled++
          // A misspelling is one swap of two neighbouring letters of a name the tables have.
          const fixes = [...e.text].map((_, k) => e.text.slice(0, k) + e.text.charAt(k + 1) + e.text.charAt(k) + e.text.slice(k + 2))
          if (!fixes.some((f) => names.has(f.toLowerCase()) || generics.has(f))) t.fail(`${JSON.stringify(e.text)} is not one swap from a known name`)
        }
      }
    }
  }
  t.ok(words.size > 1350, `${words.size} distinct words (the template notes had 988 in 4,573 notes)`)
  t.ok(openings.size > 50, `${openings.size} distinct openings of the history`)
  const abbr = condition.abbreviated / condition.mentions
  t.ok(abbr > 0.1 && abbr < 0.4, `abbreviations: ${(abbr * 100).toFixed(1)} % of condition mentions`)
  const brand = drugs.brand / drugs.mentions
  t.ok(brand > 0.05 && brand < 0.25, `brand names: ${(brand * 100).toFixed(1)} % of drug mentions`)
  const typo = misspelled / eligible
  t.ok(typo > 0.003 && typo < 0.03, `misspellings: ${(typo * 100).toFixed(2)} % of condition and drug mentions (${misspelled})`)
})

t.test('NOTES-03: the note tables name every code the generator can write, each code well formed', async (t) => {
  const missing: string[] = []
  for (const c of ALL_CONDITIONS) if (!CONDITION_TERMS[c.key]) missing.push(`condition ${c.key}`)
  for (const m of Object.values(MEDICATIONS)) if (!DRUG_NAMES[m.rxnorm]) missing.push(`drug ${m.rxnorm}`)
  for (const p of Object.values(PROCEDURES)) if (!PROCEDURE_NAMES[p.code]) missing.push(`procedure ${p.code}`)
  for (const a of ALLERGIES) if (!ALLERGEN_NAMES[a.key]) missing.push(`allergen ${a.key}`)
  for (const v of Object.values(VITALS)) if ('profile' in v && !VITAL_NAMES[v.code]) missing.push(`vital ${v.code}`)
  for (const p of Object.values(LAB_PANELS)) if (p.labs.length > 1 && !PANEL_NAMES[p.code]) missing.push(`panel ${p.code}`)
  t.same(missing, [], 'every code has its words')
  t.ok(Object.keys(LABS).length > 0)
  const icd10 = /^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$/
  for (const [k, s] of Object.entries(SYMPTOMS)) t.match(s.icd10.code, icd10, `symptom ${k}: ICD-10-CM code`)
  for (const f of FAMILY_HISTORY) t.match(f.icd10.code, icd10, `family history ${f.text}: ICD-10-CM code`)
  for (const [k, s] of Object.entries(SYMPTOMS)) t.equal(new Set(s.text).size, s.text.length, `symptom ${k}: no duplicate wording`)
  t.equal(SYS.icd10cm, 'http://hl7.org/fhir/sid/icd-10-cm')
})

t.test('NOTES-04: generate writes the notes file the manifest describes, one line per DocumentReference', async (t) => {
  const dir = t.testdir({})
  const out = join(dir, 'd')
  const r = cli(['generate', '--patients', '12', '--seed', '5', '--out', out, '--quiet'])
  t.equal(r.code, 0, r.stderr)
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
  const text = readFileSync(join(out, 'nlp', 'notes.ndjson'))
  const lines = text
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as NoteAnnotation & { patient: string })
  const docs = readFileSync(join(out, 'ndjson', 'DocumentReference.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Resource)
  t.equal(manifest.nlp.notes, 'nlp/notes.ndjson')
  t.equal(manifest.nlp.format, 'shoreline-note-entities/1')
  t.equal(manifest.nlp.count, lines.length, 'the count is the lines')
  t.equal(
    manifest.nlp.entities,
    lines.reduce((n, l) => n + l.entities.length, 0),
    'the entity count is the mentions',
  )
  t.equal(manifest.nlp.bytes, text.length)
  t.same(
    lines.map((l) => l.note),
    docs.map((d) => `DocumentReference/${d.id}`),
    'one line per DocumentReference, in the same order',
  )
  t.ok(
    lines.every((l, i) => (docs[i]!.subject as { reference: string }).reference === l.patient),
    'each line names its patient',
  )
})

t.test("NOTES-05: the social history fits the patient's age at the visit", async (t) => {
  const { ctx } = population()
  const wrong: string[] = []
  let told = 0
  for (let i = 0; i < 200; i++) {
    for (const note of generatePatient(ctx, i).notes) {
      const age = headerAge(note.text)
      const social = /^(?:Social history|SH|Social): (.*)$/m.exec(note.text)?.[1]
      if (!social) continue
      told++
      if (/\bRetired\b/.test(social) && age < 67) wrong.push(`${age}: ${social}`)
      if (/\bWorks as\b/.test(social) && age >= 67) wrong.push(`${age}: ${social}`)
      if (/retirement community|grandchildren/.test(social) && age < 65) wrong.push(`${age}: ${social}`)
      const day =
        age <= 2
          ? /At home with a parent/
          : age <= 4
            ? /preschool/
            : age <= 10
              ? /elementary school|Homeschooled/
              : age <= 13
                ? /middle school|Homeschooled/
                : /high school|Homeschooled/
      if (age < 18 ? !day.test(social) : /school|Homeschooled|At home with a parent/.test(social)) wrong.push(`${age}: ${social}`)
    }
  }
  t.ok(told > 500, `${told} notes tell a social history`)
  t.same(wrong.slice(0, 5), [], 'work, retirement, household and school as the age says')
})

t.test("NOTES-06: an illness's context fits the patient: their day, age and symptoms, one sentence per topic", async (t) => {
  const { ctx } = population()
  const wrong: string[] = []
  let told = 0
  let pairs = 0
  const bySymptomCode = new Map(Object.entries(SYMPTOMS).map(([k, s]) => [s.icd10.code, k]))
  for (let i = 0; i < 200; i++) {
    for (const note of generatePatient(ctx, i).notes) {
      const lines = NARRATIVE.context.filter((c) => note.text.includes(c.text))
      if (!lines.length) continue
      told++
      if (lines.length > 1) pairs++
      const age = headerAge(note.text)
      const social = /^(?:Social history|SH|Social): (.*)$/m.exec(note.text)?.[1] ?? ''
      const present = new Set(
        note.entities
          .filter(
            (e) => (e.traits.includes('SYMPTOM') || e.traits.includes('SIGN')) && !e.traits.some((x) => x === 'NEGATION' || x === 'HYPOTHETICAL' || x === 'PERTAINS_TO_FAMILY'),
          )
          .map((e) => bySymptomCode.get(e.code?.code ?? '')),
      )
      const where = `${note.note} (${age} y/o${social ? `; ${social}` : ''})`
      const topics = lines.flatMap((c) => (c.topic ? [c.topic] : []))
      if (new Set(topics).size < topics.length) wrong.push(`${where}: two sentences on one topic: ${lines.map((c) => c.text).join(' ')}`)
      for (const c of lines) {
        if (age < (c.fromAge ?? 0)) wrong.push(`${where}: "${c.text}" before ${c.fromAge}`)
        if (c.day === 'work' && (age < 18 || age >= NARRATIVE.retiresAt || /Stay-at-home parent|Retired/.test(social))) wrong.push(`${where}: "${c.text}" without a job`)
        if (c.day === 'school' && (age < 5 || age > 17 || /Homeschooled/.test(social))) wrong.push(`${where}: "${c.text}" not at school`)
        if (c.day === 'preschool' && (age < 3 || age > 4)) wrong.push(`${where}: "${c.text}" not at preschool`)
        for (const s of c.notWith ?? []) if (present.has(s)) wrong.push(`${where}: "${c.text}" beside ${s}`)
      }
    }
  }
  t.ok(told > 300 && pairs > 100, `${told} notes tell an illness's context, ${pairs} in two sentences`)
  t.same(wrong.slice(0, 5), [], 'no sentence the patient contradicts')
})

t.test("NOTES-07: a follow-up's narrative is true of the patient: a job, medications, a condition checked at home, no emergency care since the last visit", async (t) => {
  const { ctx } = population()
  const wrong: string[] = []
  let told = 0
  const startOf = (e: Resource) => Date.parse(String((e.period as { start: string }).start))
  const isHospital = (e: Resource) => ['EMER', 'IMP'].includes((e.class as { code: string }).code)
  for (let i = 0; i < 200; i++) {
    const rec = generatePatient(ctx, i)
    const encounters = rec.resources.filter((r) => r.resourceType === 'Encounter').sort((a, b) => startOf(a) - startOf(b))
    for (const note of rec.notes) {
      const lines = NARRATIVE.chronic.filter((c) => note.text.includes(c.text))
      if (!lines.length) continue
      told++
      const age = headerAge(note.text)
      const social = /^(?:Social history|SH|Social): (.*)$/m.exec(note.text)?.[1] ?? ''
      const where = `${note.note} (${age} y/o)`
      const at = encounters.findIndex((e) => `Encounter/${e.id}` === note.encounter)
      const visitMs = startOf(encounters[at]!)
      const before = encounters.slice(0, at)
      const lastHospital = Math.max(-Infinity, ...before.filter(isHospital).map(startOf))
      const lastOther = Math.max(-Infinity, ...before.filter((e) => !isHospital(e)).map(startOf))
      const active = (r: Resource) =>
        r.resourceType === 'Condition' && Date.parse(String(r.onsetDateTime)) <= visitMs && (r.abatementDateTime === undefined || Date.parse(String(r.abatementDateTime)) > visitMs)
      const checksAtHome = rec.resources.some(
        (r) => active(r) && NARRATIVE.homeReadings.some((k) => codes(r.code).some((c) => c.code === ALL_CONDITIONS.find((d) => d.key === k)!.snomed.code)),
      )
      // The HPI names a medication the patient takes whenever they take one.
      const takes = /(?:Reports taking|Adherent to|Tolerating) [^.]*? without side effects\./.test(note.text)
      const topics = lines.flatMap((c) => (c.topic ? [c.topic] : []))
      if (new Set(topics).size < topics.length) wrong.push(`${where}: two sentences on one topic`)
      for (const c of lines) {
        if (age < (c.fromAge ?? 0) || age > (c.untilAge ?? Infinity)) wrong.push(`${where}: "${c.text}" at ${age}`)
        if (c.day === 'work' && (age < 18 || age >= NARRATIVE.retiresAt || /Stay-at-home parent|Retired/.test(social))) wrong.push(`${where}: "${c.text}" without a job`)
        if (c.needs?.includes('noHospitalCare') && lastHospital > lastOther) wrong.push(`${where}: "${c.text}" after an emergency visit or stay`)
        if (c.needs?.includes('homeReadings') && !checksAtHome) wrong.push(`${where}: "${c.text}" with nothing checked at home`)
        if (c.needs?.includes('medications') && !takes) wrong.push(`${where}: "${c.text}" taking nothing`)
        if (c.lapse && /Adherent to /.test(note.text)) wrong.push(`${where}: "${c.text}" after "Adherent to"`)
      }
    }
  }
  t.ok(told > 300, `${told} follow-up notes tell a narrative`)
  t.same(wrong.slice(0, 5), [], 'no sentence the record contradicts')
})

t.test("NOTES-08: the exam's general appearance fits the age: no toddler speaks in full sentences, no adult is playful", async (t) => {
  const { ctx } = population()
  const wrong: string[] = []
  const young = { notes: 0, told: new Set<string>() }
  for (let i = 0; i < 200; i++) {
    for (const note of generatePatient(ctx, i).notes) {
      const age = headerAge(note.text)
      const general = /- General: ([^\n]*)/.exec(note.text)?.[1]
      if (general === undefined) continue
      const line = NARRATIVE.appearance.find((a) => a.text === general)
      if (!line) wrong.push(`${note.note}: "${general}" is not one of the table's`)
      else if (age < (line.fromAge ?? 0) || age > (line.untilAge ?? Infinity)) wrong.push(`${note.note}: "${general}" at ${age}`)
      if ((age < 4 && /full sentences|answers questions|conversant/.test(general)) || (age >= 18 && /playful|interactive/.test(general)))
        wrong.push(`${note.note}: "${general}" at ${age}`)
      if (age < 4) {
        young.notes++
        young.told.add(general)
      }
    }
  }
  t.ok(young.notes > 100 && young.told.size >= 3, `${young.notes} notes of children under 4, with ${young.told.size} different appearances`)
  t.same(wrong.slice(0, 5), [], 'every appearance within its ages')
})

t.test("NOTES-09: the plan's counselling fits the patient: a young child's is given to a parent, adult guidance to adults, medication advice to those taking some", async (t) => {
  const { ctx } = population()
  const wrong: string[] = []
  let told = 0
  const parents = new Set<string>()
  for (let i = 0; i < 200; i++) {
    for (const note of generatePatient(ctx, i).notes) {
      const age = headerAge(note.text)
      const takes = note.entities.some((e) => e.category === 'MEDICATION' && e.record?.startsWith('MedicationRequest/'))
      for (const c of NARRATIVE.counselling) {
        if (!note.text.includes(c.text)) continue
        told++
        if (age < (c.fromAge ?? 0) || age > (c.untilAge ?? Infinity)) wrong.push(`${note.note}: "${c.text}" at ${age}`)
        if (c.medications && !takes) wrong.push(`${note.note}: "${c.text}" taking nothing`)
        if (age < 5 && /[Pp]atient (verbalized|restated|prefers)/.test(c.text)) wrong.push(`${note.note}: "${c.text}" at ${age}`)
        if (/parent/.test(c.text)) parents.add(c.text)
      }
    }
  }
  t.ok(told > 1000 && parents.size === 2, `${told} counselling sentences, ${parents.size} of them a parent's`)
  t.same(wrong.slice(0, 5), [], 'counselling the patient can receive')
})

t.test("NOTES-10: a note gives an infant's age as a clinician writes it, in days then months until the second birthday, and true to the birth date", async (t) => {
  const { ctx } = population()
  const wrong: string[] = []
  const seen = { days: 0, months: 0, years: 0 }
  for (let i = 0; i < PATIENTS; i++) {
    const rec = generatePatient(ctx, i)
    const birth = Date.parse(`${String(rec.person.resource.birthDate)}T00:00:00Z`)
    for (const note of rec.notes) {
      const header = /Patient: [^\n]*, (\d+) (y\/o|mo|days) [FM]\n/.exec(note.text)
      const hpi = /(\d+)-(year|month|day)-old (?:girl|boy|woman|female|man|male)/.exec(note.text)
      const days = Math.floor((Date.parse(`${note.date}T00:00:00Z`) - birth) / 86_400_000)
      // At the visit the age in days is this day's or, for a visit later in the day, the same.
      const want = days < 28 ? ['days', days] : days < 730 ? ['mo', Math.floor(days / (365.2425 / 12))] : ['y/o', undefined]
      if (!header || !hpi) {
        wrong.push(`${note.note}: no age in the header or the history`)
        continue
      }
      const unit = header[2]!
      seen[unit === 'days' ? 'days' : unit === 'mo' ? 'months' : 'years']++
      if (unit !== want[0] && !(days >= 727 && days <= 731)) wrong.push(`${note.note}: "${header[1]} ${unit}" at ${days} days old`)
      else if (want[1] !== undefined && unit === want[0] && Number(header[1]) !== want[1]) wrong.push(`${note.note}: "${header[1]} ${unit}" at ${days} days old`)
      if ({ 'y/o': 'year', mo: 'month', days: 'day' }[unit] !== hpi[2] || hpi[1] !== header[1]) wrong.push(`${note.note}: header "${header[0].trim()}", history "${hpi[0]}"`)
      if (/\b0-year-old\b|\b[01] y\/o\b/.test(note.text)) wrong.push(`${note.note}: an infant's age in years`)
    }
  }
  t.same(wrong.slice(0, 5), [], `${seen.days + seen.months + seen.years} notes: ${seen.days} in days, ${seen.months} in months, ${seen.years} in years`)
  t.ok(seen.months >= 20, `${seen.months} notes of infants and toddlers give months`)
})

t.test('NOTES-11: a young child neither denies symptoms (a parent does) nor brings up sputum, nor is given over-the-counter cold remedies', async (t) => {
  const { ctx } = population()
  const wrong: string[] = []
  const seen = { parent: 0, patientDenies: 0, productive: 0 }
  for (let i = 0; i < PATIENTS; i++) {
    for (const note of generatePatient(ctx, i).notes) {
      const age = headerAge(note.text)
      if (/Parent denies|Parents report no/.test(note.text)) seen.parent++
      if (/(?:^|\. |: )(?:Patient denies|Denies) /m.test(note.text)) {
        seen.patientDenies++
        if (age < 4) wrong.push(`${note.note} (${age}): the child denies`)
      }
      if (/productive cough/.test(note.text)) {
        seen.productive++
        if (age < 6) wrong.push(`${note.note} (${age}): a productive cough`)
      }
      if (/over-the-counter remed/i.test(note.text) && age < 4) wrong.push(`${note.note} (${age}): an over-the-counter remedy`)
      if (/Parent denies|Parents report no/.test(note.text) && age >= 4) wrong.push(`${note.note} (${age}): a parent answers for a patient of 4 or more`)
    }
  }
  t.same(wrong.slice(0, 5), [], 'checked every note of the population')
  t.ok(
    seen.parent >= 10 && seen.patientDenies >= 100 && seen.productive >= 20,
    `a parent denies in ${seen.parent} notes, the patient in ${seen.patientDenies}; ${seen.productive} productive coughs`,
  )
})

t.test("NOTES-12: the exam's normal lines never contradict its finding: no clear lungs beside pneumonia's crackles, no warm, dry skin beside cellulitis", async (t) => {
  const { ctx } = population()
  const wrong: string[] = []
  const found = new Map<string, number>()
  for (let i = 0; i < PATIENTS; i++) {
    for (const note of generatePatient(ctx, i).notes) {
      const text = note.text.toLowerCase()
      for (const [key, p] of Object.entries(ACUTE_PRESENTATIONS)) {
        if (!text.includes(`- ${p.exam.before}${p.exam.site}${p.exam.after}.`.toLowerCase())) continue
        found.set(key, (found.get(key) ?? 0) + 1)
        const covered = p.exam.replaces ?? p.exam.site
        for (const line of NORMAL_EXAM)
          if (line.site.toLowerCase() === covered && text.includes(`- ${line.site}: ${line.finding}.`.toLowerCase()))
            wrong.push(`${note.note} (${key}): "${line.site}: ${line.finding}"`)
      }
    }
  }
  t.same(wrong.slice(0, 5), [], `${[...found.values()].reduce((a, b) => a + b, 0)} findings checked`)
  for (const key of ['pneumonia', 'cellulitis', 'bronchitis', 'gastroenteritis']) t.ok((found.get(key) ?? 0) >= 2, `${key}: ${found.get(key) ?? 0} notes with its finding`)
})
