// How good integrated NLP is on a set of notes, against their ground truth (a generated dataset's
// nlp/notes.ndjson): an entity is found when one of the same category has exactly its span.
// Per category and overall (micro-averaged): precision, recall, F1. Per trait, over the entities
// found: how often the trait is given where the truth has it, and only there. Code agreement: of
// the conditions and drugs found, how many got the code the record holds.
import type { CheckMetric } from '../../lib/results/model.js'
import type { FoundEntity } from './comprehend.js'

export interface TruthEntity {
  begin: number
  end: number
  category: string
  traits: string[]
  code?: { system: string; code: string }
}

export const CATEGORIES = ['MEDICAL_CONDITION', 'MEDICATION', 'TEST_TREATMENT_PROCEDURE', 'ANATOMY'] as const
export const TRAITS = ['DIAGNOSIS', 'SIGN', 'SYMPTOM', 'NEGATION', 'PAST_HISTORY', 'PERTAINS_TO_FAMILY', 'HYPOTHETICAL', 'LOW_CONFIDENCE'] as const

export interface NoteEvaluation {
  truth: TruthEntity[]
  found: FoundEntity[]
  /** "begin:end" → the code InferICD10-CM / InferRxNorm gave that span. */
  codes: Map<string, string>
}

type Counts = { tp: number; fp: number; fn: number }
const f1 = (c: Counts) => {
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 }
}
const round = (x: number) => Math.round(x * 10_000) / 10_000

/** The figures, as check metrics (ratios 0–1; counts in `mentions`). */
export function evaluate(notes: NoteEvaluation[]): CheckMetric[] {
  const byCategory = new Map<string, Counts>(CATEGORIES.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]))
  const byTrait = new Map<string, Counts>(TRAITS.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]))
  const codes = { compared: 0, agreed: 0 }
  for (const n of notes) {
    const found = n.found.filter((f) => byCategory.has(f.category))
    const key = (e: { category: string; begin: number; end: number }) => `${e.category}|${e.begin}:${e.end}`
    const foundAt = new Map(found.map((f) => [key(f), f]))
    const truthAt = new Set(n.truth.map(key))
    for (const t of n.truth) {
      const c = byCategory.get(t.category)
      if (!c) continue
      const f = foundAt.get(key(t))
      if (!f) {
        c.fn++
        continue
      }
      c.tp++
      for (const [trait, tc] of byTrait) {
        const want = t.traits.includes(trait)
        const got = f.traits.includes(trait)
        if (want && got) tc.tp++
        else if (got) tc.fp++
        else if (want) tc.fn++
      }
      const given = n.codes.get(`${t.begin}:${t.end}`)
      if (t.code && given !== undefined && (t.category === 'MEDICAL_CONDITION' || t.category === 'MEDICATION')) {
        codes.compared++
        if (given === t.code.code) codes.agreed++
      }
    }
    for (const f of found) if (!truthAt.has(key(f))) byCategory.get(f.category)!.fp++
  }
  const out: CheckMetric[] = []
  const put = (of: string, c: Counts) => {
    const r = f1(c)
    out.push(
      { name: 'precision', of, value: round(r.precision) },
      { name: 'recall', of, value: round(r.recall) },
      { name: 'F1', of, value: round(r.f1) },
      { name: 'mentions', of, value: c.tp + c.fn, unit: 'count' },
    )
  }
  const all = [...byCategory.values()].reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 })
  put('all categories', all)
  for (const [c, counts] of byCategory) put(c, counts)
  for (const [t, counts] of byTrait) put(`trait ${t}`, counts)
  if (codes.compared)
    out.push(
      { name: 'code agreement', of: 'conditions and drugs found', value: round(codes.agreed / codes.compared) },
      { name: 'codes compared', value: codes.compared, unit: 'count' },
    )
  return out
}
