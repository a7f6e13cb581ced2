// Reading what integrated NLP found, from the note's aws-cm extension: the DetectEntities-V2 raw
// response (every category, with traits) and the InferICD10-CM / InferRxNorm entity extensions
// (the codes). HealthLake's examples print raw responses in a bracketed key: value notation rather
// than JSON ({Entities: [{Id: 0,Text: otitis media,Category: MEDICAL_CONDITION,…}]}); both are read.
import { parseBody } from '../expect.js'
import { AWS_CM, group, type Ext } from './shared.js'

export interface FoundEntity {
  text: string
  category: string
  type: string
  begin: number
  end: number
  traits: string[]
}

type Value = string | Value[] | { [key: string]: Value }

/** The entities of a Comprehend Medical response, JSON or HealthLake's notation; undefined if neither reads. */
export function parseEntities(raw: string): FoundEntity[] | undefined {
  let parsed: unknown
  try {
    parsed = parseBody(raw, 'the raw response')
  } catch {
    try {
      parsed = new Notation(raw).value()
    } catch {
      return undefined
    }
  }
  const list = (parsed as { Entities?: unknown })?.Entities
  if (!Array.isArray(list)) return undefined
  return list.map((e: Record<string, unknown>) => ({
    text: String(e.Text ?? ''),
    category: String(e.Category ?? ''),
    type: String(e.Type ?? ''),
    begin: Number(e.BeginOffset),
    end: Number(e.EndOffset),
    traits: Array.isArray(e.Traits) ? (e.Traits as Array<{ Name?: unknown }>).map((t) => String(t?.Name ?? '')) : [],
  }))
}

/** `{Key: value,Key: value}` with `[…]` lists; a scalar runs to the next `,Key: ` or the closing bracket. */
class Notation {
  private at = 0
  constructor(private readonly s: string) {}

  value(): Value {
    const c = this.s[this.at]
    if (c === '{') return this.object()
    if (c === '[') return this.list()
    return this.scalar()
  }

  private object(): { [key: string]: Value } {
    const out: { [key: string]: Value } = {}
    this.at++ // {
    while (this.s[this.at] !== '}') {
      const key = /^([A-Za-z0-9_]+): /.exec(this.s.slice(this.at))
      if (!key) throw new Error(`no key at ${this.at}`)
      this.at += key[0].length
      out[key[1]!] = this.value()
      if (this.s[this.at] === ',') this.at++
      else if (this.s[this.at] !== '}') throw new Error(`expected , or } at ${this.at}`)
    }
    this.at++
    return out
  }

  private list(): Value[] {
    const out: Value[] = []
    this.at++ // [
    while (this.s[this.at] !== ']') {
      out.push(this.value())
      if (this.s.startsWith(', ', this.at)) this.at += 2
      else if (this.s[this.at] === ',') this.at++
      else if (this.s[this.at] !== ']') throw new Error(`expected , or ] at ${this.at}`)
    }
    this.at++
    return out
  }

  private scalar(): string {
    const rest = this.s.slice(this.at)
    const end = rest.search(/,[A-Za-z][A-Za-z0-9_]*: |[}\]]/)
    if (end < 0) throw new Error('an unterminated value')
    this.at += end
    return rest.slice(0, end)
  }
}

/** The code InferICD10-CM or InferRxNorm gave each span ("begin:end" → code), from the structured entity extensions. */
export function codedSpans(doc: { extension?: Ext[] }): Map<string, string> {
  const out = new Map<string, string>()
  const cm = group(doc.extension, AWS_CM)
  for (const [op, entity] of [
    ['infer-icd10', 'icd10'],
    ['infer-rxnorm', 'rxnorm'],
  ] as const) {
    const p = `${AWS_CM}${op}/aws-cm-${entity}-entity`
    for (const e of group(cm, `${AWS_CM}${op}/`).filter((x) => x.url === p)) {
      const part = (suffix: string) => e.extension?.find((x) => x.url === `${p}-${suffix}`)
      const concept = part('ConceptList')?.extension?.[0]?.extension?.find((x) => x.url === `${p}-Concept-Code`)?.valueString
      const begin = part('begin-offset')?.valueInteger
      const end = part('end-offset')?.valueInteger
      if (concept && begin !== undefined && end !== undefined) out.set(`${begin}:${end}`, concept)
    }
  }
  return out
}
