// A visit's clinical note written as clinicians write them — varied section order and headings,
// history of present illness in prose, abbreviations, pertinent negatives, past and family history,
// uncertainty, sigs, a controlled rate of misspellings — and every medical mention in it annotated
// with its character span, category, type, traits and the code the record holds (an NLP ground
// truth, shaped like Amazon Comprehend Medical's DetectEntitiesV2 output). The note says only what
// the record says: each annotated condition, drug, test and procedure is the record's own, or is
// absent from it by construction (negated, family, hypothetical). Offsets count Unicode code
// points, as Comprehend Medical's do.
import type { Rng } from '../random.js'
import { SYS } from '../data/systems.js'
import { MS } from '../fhir.js'
import {
  ACUTE_PRESENTATIONS,
  ALLERGEN_NAMES,
  FAMILY_HISTORY,
  FAMILY_RELATIONS,
  NARRATIVE,
  NORMAL_EXAM,
  type DayKind,
  PANEL_NAMES,
  PERTINENT_NEGATIVES,
  PROCEDURE_NAMES,
  REACTION_TERMS,
  SYMPTOMS,
  UNITS_AS_WRITTEN,
  VITAL_NAMES,
} from '../data/notes.js'
import { ageWords, cap, NoteMentions, type ClinicalNote, type NoteFacts, type NoteMeasure, type NoteMedication } from './note-text.js'
import { appearanceLines, contextLines, counsellingLines, followUpLines, pickLines } from './note-narrative.js'

export * from './note-text.js'

export function clinicalNote(f: NoteFacts, rng: Rng): ClinicalNote {
  return new NoteWriter(f, rng).write()
}

export interface NoteBackground {
  /** The patient's note stream: all wording is drawn from it, never from the record's. */
  rng: Rng
  family: NoteFacts['family']
  /** Social history sentences at an age, with tobacco as the record has it (adults). */
  social(age: number, tobacco: keyof typeof NARRATIVE.tobacco | undefined): string[]
  /** Where the patient spends the day at an age, as social() tells it. */
  day(age: number): DayKind
}

/** What a patient's notes say the same way every time: family history, occupation, household, habits. */
export function noteBackground(rng: Rng): NoteBackground {
  const family: NoteFacts['family'] = []
  for (const [item, fh] of FAMILY_HISTORY.entries()) if (rng.chance(fh.share)) family.push({ relation: rng.pick(FAMILY_RELATIONS), item })
  // Drawn once, told by age: the same person works, then is retired; a young household, then an older one.
  const job = rng.pick(NARRATIVE.occupations)
  const household = rng.pick(NARRATIVE.household)
  const older = rng.chance(0.4) ? rng.pick(NARRATIVE.olderHousehold) : household
  const habits = [rng.pick(NARRATIVE.exercise), rng.pick(NARRATIVE.alcohol)]
  const homeschooled = rng.chance(NARRATIVE.homeschooled.share)
  const childHousehold = rng.pick(NARRATIVE.childHousehold)
  // A child's day: its sentence, and where it is spent.
  const school = (age: number) =>
    homeschooled && age >= NARRATIVE.homeschooled.fromAge ? NARRATIVE.homeschooled : (NARRATIVE.school.find((b) => age <= b.upTo) ?? NARRATIVE.school[NARRATIVE.school.length - 1]!)
  const home = job === 'stay-at-home parent'
  const work = (age: number) =>
    age >= NARRATIVE.retiresAt ? (home ? 'Retired.' : `Retired ${job}.`) : home ? 'Stay-at-home parent.' : `Works as ${/^[aeiou]/.test(job) ? 'an' : 'a'} ${job}.`
  const adult = (age: number) => [work(age), age >= 65 ? older : household, ...habits]
  const social = (age: number, tobacco?: keyof typeof NARRATIVE.tobacco) =>
    age < 18 ? [school(age).text, childHousehold] : tobacco ? [...adult(age), rng.pick(NARRATIVE.tobacco[tobacco])] : adult(age)
  const day = (age: number): DayKind => (age < 18 ? school(age).day : home || age >= NARRATIVE.retiresAt ? 'home' : 'work')
  return { rng, family, social, day }
}

class NoteWriter extends NoteMentions {
  write(): ClinicalNote {
    const { f, n, rng } = this
    n.put(`${f.title}\n`)
    n.put(`${rng.pick(['Date of service', 'DOS', 'Date'])}: ${f.date}\n`)
    n.put(`Patient: ${f.patientName}, ${ageWords(f).header} ${f.sex === 'female' ? 'F' : 'M'}\n`)
    n.put(`${rng.pick(['Clinician', 'Provider', 'Seen by'])}: ${f.clinician}\n\n`)
    const subjective = rng.chance(0.4)
    if (subjective) n.put('SUBJECTIVE:\n')
    this.hpi()
    // Past history, medications and allergies come in the order this clinician's template has them.
    const middle = [() => this.pastHistory(), () => this.medicationList(), () => this.allergyList()]
    if (rng.chance(0.5)) middle.reverse()
    for (const part of middle) part()
    if (f.kind === 'wellness' || rng.chance(0.3)) this.familyHistory()
    if (f.social.length && (f.kind === 'wellness' || rng.chance(0.4))) n.put(`${rng.pick(['Social history: ', 'SH: ', 'Social: '])}${f.social.join(' ')}\n`)
    n.put(subjective ? '\nOBJECTIVE:\n' : '\n')
    this.vitalsLine()
    this.exam()
    this.results()
    this.assessment()
    return { text: n.toString(), entities: n.entities }
  }

  private hpi(): void {
    const { f, n, rng } = this
    n.put(rng.pick(['HPI: ', 'History of present illness: ', 'HPI:\n']))
    const who = f.age < 18 ? (f.sex === 'female' ? 'girl' : 'boy') : f.sex === 'female' ? rng.pick(['woman', 'female']) : rng.pick(['man', 'male'])
    n.put(`${ageWords(f).adjective} ${who}`)
    const problems = f.problems.filter((p) => !f.diagnosedToday.includes(p.key))
    if (problems.length) {
      n.put(rng.pick([' with ', ' with known ', ' followed for ']))
      this.series(problems.slice(0, 3), (p) => this.condition(p, ['DIAGNOSIS']), 'and')
    }
    const acute = f.acute
    if (acute) {
      const p = ACUTE_PRESENTATIONS[acute.key]
      if (!p) throw new Error(`no presentation for ${acute.key} in data/notes.ts`)
      const extra = p.sometimes.filter((s) => (s !== 'fever' || acute.fever) && rng.chance(0.5))
      const symptoms = [...p.always, ...extra]
      for (const s of symptoms) this.present.add(s)
      n.put(
        f.kind === 'emergency'
          ? ' who presents to the emergency department with '
          : f.kind === 'inpatient'
            ? ' admitted with '
            : rng.pick([' who presents with ', ' presenting with ', ', here for ']),
      )
      // As long as the record says: the Condition's onset is this long before the visit.
      const unit = p.onset ?? 'days'
      const count = Math.max(1, Math.round(acute.sinceMs / (unit === 'hours' ? MS.hour : MS.day)))
      n.put(`${count} ${count === 1 ? unit.slice(0, -1) : unit} of `)
      this.series(symptoms, (s) => this.symptom(s, []), 'and')
      if (p.story) n.put(`, ${rng.pick(p.story)}.`)
      else {
        const course = rng.pick(NARRATIVE.course)
        n.put(`, ${course}. ${pickLines(rng, contextLines(f, symptoms))}`)
      }
    } else if (f.kind === 'wellness') {
      n.put(f.age < 18 ? ', here for a well-child visit.' : rng.pick([', here for an annual physical.', ' presenting for a routine preventive visit.']))
      n.put(rng.pick([' Feels well.', ' No concerns today.', '']))
    } else if (f.kind === 'inpatient') {
      n.put(', admitted for a planned procedure.')
    } else if (f.kind === 'emergency') {
      n.put(rng.pick([' brought to the emergency department by family.', ' presenting to the emergency department, acutely unwell.']))
    } else {
      n.put(rng.pick([', here for follow-up.', ' presenting for a chronic disease follow-up.', ', seen today to follow up on chronic problems.']))
      let adherent = false
      for (const m of f.medications.slice(0, 1)) {
        const verb = rng.pick([' Reports taking ', ' Adherent to ', ' Tolerating '])
        adherent = verb === ' Adherent to '
        n.put(verb)
        this.drug(m, false)
        n.put(' without side effects.')
      }
      n.put(` ${pickLines(rng, followUpLines(f, adherent))}`)
    }
    const diagnosed = f.problems.filter((p) => f.diagnosedToday.includes(p.key))
    if (diagnosed.length) {
      n.put(rng.pick([' Workup today is consistent with ', ' New diagnosis today: ']))
      this.series(diagnosed, (p) => this.condition(p, ['DIAGNOSIS'], false), 'and')
      n.put('.')
    }
    this.negatives(acute ? 'acute' : f.kind === 'wellness' ? 'wellness' : 'chronic')
    n.put('\n\n')
  }

  /** Pertinent negatives: symptoms from the visit's list the patient does not have, NegEx-style cues. */
  private negatives(kind: 'chronic' | 'acute' | 'wellness'): void {
    const { n, rng } = this
    const pool = PERTINENT_NEGATIVES[kind].filter((s) => !this.present.has(s) && !this.f.ongoing.includes(SYMPTOMS[s]?.icd10.code ?? ''))
    const count = Math.min(pool.length, rng.int(0, 3))
    if (count === 0) return
    const chosen: string[] = []
    while (chosen.length < count) {
      const s = rng.pick(pool)
      if (!chosen.includes(s)) chosen.push(s)
    }
    // A child under 4 does not deny anything: a parent does.
    const cue = rng.pick(this.f.age < 4 ? ['No ', 'Negative for ', 'Parent denies ', 'Parents report no '] : ['Denies ', 'No ', 'Negative for ', 'Patient denies '])
    n.put(` ${cue}`)
    this.series(chosen, (s) => this.symptom(s, ['NEGATION']), 'or')
    n.put('.')
  }

  private pastHistory(): void {
    const { f, n, rng } = this
    n.put(rng.pick(['PMH: ', 'Past medical history: ', 'Past history: ']))
    if (f.problems.length === 0 && f.history.length === 0) {
      n.put(rng.pick(['none.', 'noncontributory.', 'no chronic problems.']) + '\n')
      return
    }
    const items: Array<() => void> = f.problems.map((p) => () => this.condition(p, ['DIAGNOSIS']))
    for (const h of f.history.slice(-3))
      items.push(() => {
        n.put(rng.pick(['history of ', 'prior ']))
        this.condition(h, ['DIAGNOSIS', 'PAST_HISTORY'])
        n.put(` (${h.year}, resolved)`)
      })
    this.series(items, (put) => put())
    n.put('.\n')
  }

  private medicationList(): void {
    const { f, n, rng } = this
    const heading = rng.pick(['Medications:', 'Current medications:', 'Meds:'])
    if (f.medications.length === 0) {
      n.put(`${heading} none.\n`)
      return
    }
    n.put(`${heading}\n`)
    for (const m of f.medications) {
      n.put('- ')
      this.drug(m, true)
      n.put('\n')
    }
  }

  private allergyList(): void {
    const { f, n, rng } = this
    n.put(rng.pick(['Allergies: ', 'ALLERGIES: ']))
    if (f.allergies.length === 0) {
      n.put(rng.pick(['NKDA.', 'no known allergies.', 'none known.']) + '\n')
      return
    }
    this.series(f.allergies, (a) => {
      const allergen = ALLERGEN_NAMES[a.key]
      if (!allergen) throw new Error(`no note name for allergy ${a.key} in data/notes.ts`)
      const record = `AllergyIntolerance/${a.allergyId}`
      if (allergen.drug)
        n.mention(allergen.text, { category: 'MEDICATION', type: 'GENERIC_NAME', traits: [], code: { system: a.substance.system, code: a.substance.code }, record })
      else n.put(allergen.text)
      const reaction = REACTION_TERMS[a.reaction.code]
      if (!reaction) throw new Error(`no note term for reaction ${a.reaction.code} in data/notes.ts`)
      n.put(' (')
      n.mention(reaction.text, { category: 'MEDICAL_CONDITION', type: 'DX_NAME', traits: [reaction.trait], code: { system: SYS.snomed, code: a.reaction.code }, record })
      n.put(')')
    })
    n.put('.\n')
  }

  private familyHistory(): void {
    const { f, n, rng } = this
    n.put(rng.pick(['Family history: ', 'FH: ']))
    if (f.family.length === 0) {
      n.put(rng.pick(['noncontributory.', 'no significant family history.']) + '\n')
      return
    }
    this.series(
      f.family,
      (fh) => {
        const item = FAMILY_HISTORY[fh.item]
        if (!item) throw new Error(`no family history item ${fh.item}`)
        n.put(`${fh.relation} with `)
        this.dx(item.text, ['DIAGNOSIS', 'PERTAINS_TO_FAMILY'], { system: SYS.icd10cm, code: item.icd10.code }, undefined, false)
      },
      'and',
    )
    n.put('.\n')
  }

  private vitalsLine(): void {
    const { f, n, rng } = this
    if (f.vitals.length === 0) return
    n.put(rng.pick(['Vitals: ', 'VS: ', 'Vital signs: ']))
    this.series(f.vitals, (v) => {
      const names = VITAL_NAMES[v.loinc]
      if (!names) throw new Error(`no note name for vital sign ${v.loinc} in data/notes.ts`)
      this.measure(rng.pick(names), v)
    })
    n.put('.\n')
  }

  private measure(name: string, v: NoteMeasure): void {
    this.n.mention(name, {
      category: 'TEST_TREATMENT_PROCEDURE',
      type: 'TEST_NAME',
      traits: [],
      code: { system: SYS.loinc, code: v.loinc },
      record: `Observation/${v.observationId}`,
    })
    const unit = UNITS_AS_WRITTEN[v.unit] ?? v.unit
    this.n.put(` ${v.value}${unit === '%' ? '' : ' '}${unit}`)
  }

  private exam(): void {
    const { f, n, rng } = this
    n.put(rng.pick(['Exam:\n', 'Physical exam:\n', 'PE:\n']))
    n.put(`- General: ${rng.pick(appearanceLines(f)).text}\n`)
    const acute = f.acute ? ACUTE_PRESENTATIONS[f.acute.key] : undefined
    if (acute) {
      const e = acute.exam
      n.put(`- ${cap(e.before)}`)
      this.anatomy(e.site)
      n.put(`${e.after}.\n`)
    }
    for (const line of NORMAL_EXAM) {
      if (acute && line.site.toLowerCase() === (acute.exam.replaces ?? acute.exam.site)) continue
      if (!acute && f.kind !== 'wellness' && rng.chance(0.4)) continue
      n.put('- ')
      this.anatomy(line.site)
      n.put(`: ${line.finding}.\n`)
    }
  }

  private results(): void {
    const { f, n, rng } = this
    if (f.labs.length === 0) return
    n.put(rng.pick(['Results:\n', 'Labs:\n', 'Labs today:\n']))
    for (const panel of f.labs) {
      n.put('- ')
      const name = PANEL_NAMES[panel.loinc]
      if (name && panel.results.length > 1) {
        n.mention(name, {
          category: 'TEST_TREATMENT_PROCEDURE',
          type: 'TEST_NAME',
          traits: [],
          code: { system: SYS.loinc, code: panel.loinc },
          record: `DiagnosticReport/${panel.reportId}`,
        })
        n.put(': ')
      }
      this.series(panel.results, (r) => this.measure(r.name ?? r.loinc, r))
      n.put('\n')
    }
  }

  private assessment(): void {
    const { f, n, rng } = this
    n.put(rng.pick(['\nAssessment and plan:\n', '\nA/P:\n', '\nAssessment/Plan:\n']))
    let item = 0
    const line = () => n.put(`${++item}. `)
    const acute = f.acute
    if (acute) {
      line()
      this.condition(acute, ['DIAGNOSIS'], true, true)
      n.put(rng.pick(['. ', ' - ', ': ']))
      this.started(f.newMedications.filter((m) => m.conditionId === acute.conditionId))
      const p = ACUTE_PRESENTATIONS[acute.key]
      if (p?.consider && rng.chance(0.5)) {
        n.put(rng.pick(['Cannot rule out ', 'Possible ']))
        this.dx(p.consider.text, ['DIAGNOSIS', 'LOW_CONFIDENCE'], { system: SYS.icd10cm, code: p.consider.icd10.code }, undefined, false)
        n.put('; will reassess. ')
      }
      // Return precautions name symptoms the patient does not have: a hypothesis, not a finding.
      const watch = ['fever', 'shortnessOfBreath', 'vomiting'].filter((s) => !this.present.has(s) && !f.ongoing.includes(SYMPTOMS[s]?.icd10.code ?? ''))
      if (watch.length) {
        n.put('Return if ')
        this.symptom(rng.pick(watch), ['HYPOTHETICAL'], true)
        n.put(' develops or symptoms worsen.')
      }
      n.put('\n')
    }
    for (const p of f.problems.slice(0, 5)) {
      line()
      this.condition(p, ['DIAGNOSIS'], true, true)
      n.put(': ')
      const started = f.newMedications.filter((m) => m.conditionId === p.conditionId)
      const continuing = f.medications.filter((m) => m.conditionId === p.conditionId)
      if (started.length) this.started(started)
      else if (continuing.length) {
        n.put('continue ')
        this.series(continuing, (m) => this.drug(m, false), 'and')
        n.put('.')
      } else n.put(rng.pick(['lifestyle measures discussed.', 'monitor.', 'stable, no changes today.']))
      n.put('\n')
    }
    for (const p of f.procedures) {
      const name = PROCEDURE_NAMES[p.code]
      if (!name) throw new Error(`no note name for procedure ${p.code} in data/notes.ts`)
      line()
      n.mention(cap(name.text), {
        category: 'TEST_TREATMENT_PROCEDURE',
        type: name.type,
        traits: [],
        code: { system: p.system, code: p.code },
        record: `Procedure/${p.procedureId}`,
      })
      n.put(rng.pick([' completed today.', ' done.', ' performed.']) + '\n')
    }
    if (rng.chance(0.7)) n.put(`${rng.pick(counsellingLines(f)).text}\n`)
    if (item === 0)
      n.put(f.kind === 'wellness' ? 'Routine health maintenance; age-appropriate counseling given. Follow up in one year.\n' : 'Continue current plan; follow up as scheduled.\n')
    else n.put(rng.pick(['Follow up as scheduled.\n', 'RTC in 3 months.\n', 'Follow up in 4-6 weeks.\n']))
  }

  private started(meds: NoteMedication[]): void {
    if (meds.length === 0) {
      this.n.put(this.rng.pick(['Supportive care. ', 'Symptomatic treatment. ']))
      return
    }
    for (const m of meds) {
      this.n.put(this.rng.pick(['Start ', 'Started ', 'Rx ']))
      this.drug(m, true)
      this.n.put('. ')
    }
  }
}
