// The emulation's stand-in for Amazon Comprehend Medical (DetectEntitiesV2, InferICD10CM,
// InferRxNorm): a dictionary matcher over the terms it is given (the CLI gives the generator's own
// code tables) with NegEx-style context rules — a trigger before a mention in its sentence marks it
// negated, family, past, hypothetical or uncertain. It is not clinical NLP: it finds what its
// dictionary names, misses misspellings and paraphrase, and its scores are constants.

export type Category = 'MEDICAL_CONDITION' | 'MEDICATION' | 'TEST_TREATMENT_PROCEDURE' | 'ANATOMY'
export type Trait = 'DIAGNOSIS' | 'SIGN' | 'SYMPTOM' | 'NEGATION' | 'PAST_HISTORY' | 'PERTAINS_TO_FAMILY' | 'HYPOTHETICAL' | 'LOW_CONFIDENCE'

/** What the matcher knows: each term (any case) with what a mention of it is. */
export interface NlpLexicon {
  conditions: Array<{ terms: readonly string[]; trait: 'DIAGNOSIS' | 'SIGN' | 'SYMPTOM'; icd10: { code: string; display: string } }>
  medications: Array<{ terms: readonly string[]; brand?: boolean; rxnorm: { code: string; display: string } }>
  tests: Array<{ terms: readonly string[]; type: 'TEST_NAME' | 'PROCEDURE_NAME' }>
  anatomy: readonly string[]
}

export interface Entity {
  Id: number
  Text: string
  Category: Category
  Type: string
  Score: number
  /** Code-point offsets, end exclusive, as Comprehend Medical gives them. */
  BeginOffset: number
  EndOffset: number
  Traits: Array<{ Name: Trait; Score: number }>
  Attributes: []
  icd10?: { code: string; display: string }
  rxnorm?: { code: string; display: string }
}

type Entry = { category: Category; type: string; trait?: 'DIAGNOSIS' | 'SIGN' | 'SYMPTOM'; icd10?: Entity['icd10']; rxnorm?: Entity['rxnorm'] }

/** NegEx-style triggers: before a mention in its sentence (Chapman et al., J Biomed Inform 2001;34:301, and ConText, 2009;42:839). */
const CONTEXT: Array<{ trait: Trait; before: RegExp }> = [
  { trait: 'NEGATION', before: /\b(denies|denied|no|not|negative for|without|absence of|free of)\b/i },
  { trait: 'PERTAINS_TO_FAMILY', before: /\b(mother|father|sister|brother|grandmother|grandfather|family history|FH)\b/i },
  { trait: 'HYPOTHETICAL', before: /\b(return if|if|should)\b/i },
  { trait: 'LOW_CONFIDENCE', before: /\b(cannot rule out|rule out|r\/o|possible|possibly|suspect(ed)?|likely|questionable)\b/i },
  { trait: 'PAST_HISTORY', before: /\b(prior|history of|h\/o|previous)\b/i },
]
/** Words that end a trigger's scope before the sentence does (NegEx's termination terms). */
const TERMINATION = /\b(but|however|although|except|which|who)\b|[;:]/i

export class Extractor {
  private readonly pattern: RegExp
  private readonly entries = new Map<string, Entry>()

  constructor(lexicon: NlpLexicon) {
    const add = (term: string, e: Entry) => {
      // One-letter terms ("T" for temperature) would match initials and list letters.
      if (term.length > 1 && !this.entries.has(term.toLowerCase())) this.entries.set(term.toLowerCase(), e)
    }
    for (const c of lexicon.conditions) for (const t of c.terms) add(t, { category: 'MEDICAL_CONDITION', type: 'DX_NAME', trait: c.trait, icd10: c.icd10 })
    for (const m of lexicon.medications) for (const t of m.terms) add(t, { category: 'MEDICATION', type: m.brand ? 'BRAND_NAME' : 'GENERIC_NAME', rxnorm: m.rxnorm })
    for (const x of lexicon.tests) for (const t of x.terms) add(t, { category: 'TEST_TREATMENT_PROCEDURE', type: x.type })
    for (const a of lexicon.anatomy) add(a, { category: 'ANATOMY', type: 'SYSTEM_ORGAN_SITE' })
    // Longest first, so "type 2 diabetes mellitus" wins over "diabetes".
    const terms = [...this.entries.keys()].sort((a, b) => b.length - a.length).map((t) => t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    this.pattern = new RegExp(`(?<![\\w-])(?:${terms.join('|')})(?![\\w-])`, 'gi')
  }

  /** The mentions in `text`, in order, each with the traits its sentence gives it. */
  detect(text: string): Entity[] {
    const out: Entity[] = []
    const codePoint = codePointIndex(text)
    for (const m of text.matchAll(this.pattern)) {
      const e = this.entries.get(m[0].toLowerCase())
      if (!e) continue
      const at = m.index
      const traits: Entity['Traits'] = e.trait ? [{ Name: e.trait, Score: 0.9 }] : []
      if (e.category === 'MEDICAL_CONDITION') for (const t of this.context(text, at, at + m[0].length)) traits.push({ Name: t, Score: 0.8 })
      out.push({
        Id: out.length,
        Text: m[0],
        Category: e.category,
        Type: e.type,
        Score: m[0] === m[0].toUpperCase() ? 0.85 : 0.95,
        BeginOffset: codePoint(at),
        EndOffset: codePoint(at + m[0].length),
        Traits: traits,
        Attributes: [],
        ...(e.icd10 && { icd10: e.icd10 }),
        ...(e.rxnorm && { rxnorm: e.rxnorm }),
      })
    }
    return out
  }

  /** Context traits from the words between the sentence's start (or a termination term) and the mention. */
  private context(text: string, at: number, end: number): Trait[] {
    let from = Math.max(text.lastIndexOf('.', at - 1), text.lastIndexOf('\n', at - 1)) + 1
    const window = text.slice(from, at)
    const stop = [...window.matchAll(new RegExp(TERMINATION, 'gi'))].pop()
    if (stop) from += stop.index + stop[0].length
    const scope = text.slice(from, at)
    const traits = CONTEXT.filter((c) => c.before.test(scope)).map((c) => c.trait)
    // "(2019, resolved)" after a mention puts it in the past.
    if (/^\s*\(\d{4}, resolved\)/.test(text.slice(end, end + 20))) traits.push('PAST_HISTORY')
    return [...new Set(traits)]
  }
}

/** Maps UTF-16 offsets to code points (they differ only after astral characters). */
function codePointIndex(text: string): (utf16: number) => number {
  if (!/[\uD800-\uDBFF]/.test(text)) return (i) => i
  return (i) => Array.from(text.slice(0, i)).length
}
