// The building blocks of an annotated clinical note (note.ts writes one): the mention and fact
// types, the text that counts code points as it grows (Amazon Comprehend Medical's offsets are
// code points), and the mentions themselves — a condition, symptom, drug or body site written into
// the note with its category, type, traits, code and the record's resource it is of.
import type { Rng } from '../random.js'
import { SYS } from '../data/systems.js'
import { CONDITION_TERMS, DRUG_NAMES, NOTE_RATES, SYMPTOMS, type DayKind } from '../data/notes.js'

export type EntityCategory = 'MEDICAL_CONDITION' | 'MEDICATION' | 'TEST_TREATMENT_PROCEDURE' | 'ANATOMY'
export type EntityType = 'DX_NAME' | 'GENERIC_NAME' | 'BRAND_NAME' | 'TEST_NAME' | 'PROCEDURE_NAME' | 'SYSTEM_ORGAN_SITE'
export type EntityTrait = 'DIAGNOSIS' | 'SIGN' | 'SYMPTOM' | 'NEGATION' | 'PAST_HISTORY' | 'PERTAINS_TO_FAMILY' | 'HYPOTHETICAL' | 'LOW_CONFIDENCE'
/** A code the record holds (or, for what it does not hold, the table's), without its display: the code is the ground truth. */
export interface NoteCode {
  system: string
  code: string
}

export interface NoteEntity {
  /** Code-point offsets into the note text, end exclusive. */
  begin: number
  end: number
  text: string
  category: EntityCategory
  type: EntityType
  traits: EntityTrait[]
  code?: NoteCode
  /** The record's resource this mention is of (`Type/id`); none for what the record does not hold. */
  record?: string
  misspelled?: true
}

type Code = { code: string; display: string }
export interface NoteCondition {
  key: string
  icd10: Code
  conditionId: string
}
export interface NoteMedication {
  rxnorm: string
  dosage: string
  requestId: string
  conditionId?: string
}
export interface NoteMeasure {
  loinc: string
  /** The lab's short name (vitals are named from VITAL_NAMES). */
  name?: string
  value: string
  unit: string
  observationId: string
}
export interface NoteLabPanel {
  loinc: string
  display: string
  reportId: string
  results: NoteMeasure[]
}
export interface NoteAllergy {
  key: string
  substance: NoteCode
  reaction: Code
  allergyId: string
}

export interface NoteFacts {
  kind: 'wellness' | 'followUp' | 'diagnosis' | 'symptom' | 'emergency' | 'inpatient'
  title: string
  date: string
  patientName: string
  /** Whole years, and whole days (an infant's age is written in days or months). */
  age: number
  ageDays: number
  sex: 'female' | 'male'
  clinician: string
  /** Active chronic conditions on the problem list. */
  problems: NoteCondition[]
  /** Conditions entered on the problem list at this visit (keys). */
  diagnosedToday: string[]
  /** Resolved acute conditions before this visit, with the year they were seen. */
  history: Array<NoteCondition & { year: number }>
  /** ICD-10-CM codes of acute conditions not yet over on the visit's day (this visit's own too): no note denies them. */
  ongoing: string[]
  /** The visit's acute condition; `sinceMs`, how long before the visit it began (the Condition's onset). */
  acute?: NoteCondition & { fever: boolean; sinceMs: number }
  /** Active medications before the visit, and those started at it. */
  medications: NoteMedication[]
  newMedications: NoteMedication[]
  allergies: NoteAllergy[]
  vitals: NoteMeasure[]
  labs: NoteLabPanel[]
  procedures: Array<{ code: string; system: string; display: string; procedureId: string }>
  /** Family history (indexes into FAMILY_HISTORY) and who had it. */
  family: Array<{ relation: string; item: number }>
  /** Social history, drawn once per patient (sentences of NARRATIVE); tobacco as the record has it. */
  social: string[]
  /** Where the patient spends the day, as the social history tells it. */
  day: DayKind
  /** An emergency visit or hospital stay since the last visit elsewhere (clinic, vaccination). */
  hospitalCareSinceLastVisit: boolean
}

export interface ClinicalNote {
  text: string
  entities: NoteEntity[]
}

/** Appends text, counting code points, and records mentions where they fall. */
export class NoteText {
  private readonly parts: string[] = []
  private at = 0
  readonly entities: NoteEntity[] = []

  put(s: string): void {
    this.parts.push(s)
    this.at += codePoints(s)
  }

  mention(s: string, e: Omit<NoteEntity, 'begin' | 'end' | 'text'>): void {
    const begin = this.at
    this.put(s)
    this.entities.push({ begin, end: this.at, text: s, ...e })
  }

  toString(): string {
    return this.parts.join('')
  }
}

/** Code points in s (equal to its length unless it holds astral characters). */
export function codePoints(s: string): number {
  let n = s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) n--
  }
  return n
}

export const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/**
 * The age as a clinician writes it, for the header ("7 mo") and as an adjective ("7-month-old"): in
 * days in the first four weeks, in months until the second birthday, in years from it.
 */
export function ageWords(f: Pick<NoteFacts, 'age' | 'ageDays'>): { header: string; adjective: string } {
  if (f.ageDays < 28) return { header: `${f.ageDays} days`, adjective: `${f.ageDays}-day-old` }
  const months = Math.floor(f.ageDays / (365.2425 / 12))
  if (f.age < 2) return { header: `${months} mo`, adjective: `${months}-month-old` }
  return { header: `${f.age} y/o`, adjective: `${f.age}-year-old` }
}

/** One note of the record and its mentions, as nlp/notes.ndjson carries it. */
export interface NoteAnnotation {
  /** `DocumentReference/id`. */
  note: string
  encounter: string
  date: string
  text: string
  entities: NoteEntity[]
}

/** Writes mentions into a note; note.ts's sections say where. */
export class NoteMentions {
  protected readonly n = new NoteText()
  /** Symptoms the patient has at this visit (never negated). */
  protected readonly present = new Set<string>()

  constructor(
    protected readonly f: NoteFacts,
    protected readonly rng: Rng,
  ) {}

  protected condition(c: NoteCondition, traits: EntityTrait[], allowAbbreviation = true, capitalise = false): void {
    const terms = CONDITION_TERMS[c.key]
    if (!terms) throw new Error(`no note terms for condition ${c.key} in data/notes.ts`)
    const abbreviate = allowAbbreviation && terms.abbreviations.length > 0 && this.rng.chance(NOTE_RATES.abbreviation)
    const word = abbreviate ? this.rng.pick(terms.abbreviations) : this.rng.pick(terms.names)
    const text = capitalise ? cap(word) : word
    this.dx(text, traits, { system: SYS.icd10cm, code: c.icd10.code }, `Condition/${c.conditionId}`, !abbreviate)
  }

  protected dx(text: string, traits: EntityTrait[], code: NoteCode | undefined, record: string | undefined, mayMisspell: boolean): void {
    const typo = mayMisspell ? this.misspell(text) : undefined
    this.n.mention(typo ?? text, {
      category: 'MEDICAL_CONDITION',
      type: 'DX_NAME',
      traits,
      ...(code && { code }),
      ...(record && { record }),
      ...(typo && { misspelled: true as const }),
    })
  }

  protected symptom(key: string, traits: EntityTrait[], plain = false): void {
    const s = SYMPTOMS[key]
    if (!s) throw new Error(`no symptom ${key} in data/notes.ts`)
    const picked = plain ? (s.text[0] as string) : this.rng.pick(s.text)
    const text = this.f.age < (s.textFromAge?.[picked] ?? 0) ? (s.text[0] as string) : picked
    this.n.mention(text, { category: 'MEDICAL_CONDITION', type: 'DX_NAME', traits: [s.trait, ...traits], code: { system: SYS.icd10cm, code: s.icd10.code } })
  }

  protected drug(m: NoteMedication, withSig: boolean): void {
    const name = DRUG_NAMES[m.rxnorm]
    if (!name) throw new Error(`no note name for RxNorm ${m.rxnorm} in data/notes.ts`)
    const brand = name.brand !== undefined && this.rng.chance(NOTE_RATES.brand)
    const text = brand ? (name.brand as string) : name.generic
    const typo = brand ? undefined : this.misspell(text)
    this.n.mention(typo ?? text, {
      category: 'MEDICATION',
      type: brand ? 'BRAND_NAME' : 'GENERIC_NAME',
      traits: [],
      code: { system: SYS.rxnorm, code: m.rxnorm },
      record: `MedicationRequest/${m.requestId}`,
      ...(typo && { misspelled: true as const }),
    })
    this.n.put(` ${name.strength}`)
    if (withSig) this.n.put(`, ${m.dosage.charAt(0).toLowerCase()}${m.dosage.slice(1)}`)
  }

  protected anatomy(text: string): void {
    this.n.mention(text, { category: 'ANATOMY', type: 'SYSTEM_ORGAN_SITE', traits: [] })
  }

  /** A seeded typo (two inner letters swapped) at NOTE_RATES.misspelling, for words long enough to stay recognisable. */
  protected misspell(text: string): string | undefined {
    if (text.length < 7 || !this.rng.chance(NOTE_RATES.misspelling)) return undefined
    const i = this.rng.int(2, text.length - 3)
    const a = text.charAt(i)
    const b = text.charAt(i + 1)
    if (a === b || !/[a-z]/.test(a) || !/[a-z]/.test(b)) return undefined
    return text.slice(0, i) + b + a + text.slice(i + 2)
  }

  /** Items joined as prose ("a, b and c"), or as a plain list ("a, b, c") without a conjunction. */
  protected series<T>(items: readonly T[], each: (item: T) => void, conj?: string): void {
    items.forEach((item, i) => {
      if (i > 0) this.n.put(conj && i === items.length - 1 ? ` ${conj} ` : ', ')
      each(item)
    })
  }
}
