// `serve --nlp`: HealthLake's integrated NLP, emulated. Every DocumentReference version written
// (create, update, transaction, batch, $import) is queued and enriched a little later, off the
// request: its base64 text goes through the extractor (extract.ts), the raw results are appended to
// the DocumentReference as extensions under http://healthlake.amazonaws.com/aws-cm/, and the
// resources made from them — a Condition per asserted DIAGNOSIS, an Observation per asserted SIGN
// or SYMPTOM, a MedicationStatement per medication — are listed under
// http://healthlake.amazonaws.com/system-generated-resources/ and tied to the document by a Linkage,
// each tagged SYSTEM_GENERATED. They can be read but not searched (store/schema.ts SEARCHABLE).
// Shapes follow the HealthLake Developer Guide's "Integrated NLP" example requests; where it shows
// none (the InferRxNorm entity extensions), the InferICD10CM pattern is followed by analogy.
import type { Resource, Store } from '../store/store.js'
import { prepareResource, type IndexRows } from '../store/prepared.js'
import { INDEX_TABLES } from '../store/schema.js'
import { Extractor, type Entity, type NlpLexicon } from './extract.js'
import { NO_FAULTS, type Faults } from '../faults/catalogue.js'

export const HL = 'http://healthlake.amazonaws.com'
export const AWS_CM = `${HL}/aws-cm/`
export const SYSTEM_GENERATED_RESOURCES = `${HL}/system-generated-resources/`
const MODEL_VERSION = 'shoreline-emulation-1'
const SUCCESS_MESSAGE = 'The AWS HealthLake integrated medical NLP operation was successful.'

export interface NlpOptions {
  lexicon: NlpLexicon
  /** How long after a write its document is enriched, ms (default 200): enrichment is asynchronous. */
  delayMs?: number
}

type Ext = { url: string; [value: string]: unknown }
const str = (url: string, valueString: string): Ext => ({ url, valueString })
const int = (url: string, valueInteger: number): Ext => ({ url, valueInteger })
const dec = (url: string, valueDecimal: number): Ext => ({ url, valueDecimal })
const refExt = (url: string, reference: string): Ext => ({ url, valueReference: { reference } })
const TAG = { tag: [{ display: 'SYSTEM_GENERATED' }] }
const NO_ROWS = Object.fromEntries(Object.keys(INDEX_TABLES).map((t) => [t, []])) as unknown as IndexRows

/** Mentions that say the patient has it now: not negated (unless the fault ignores negation), not family's, not hypothetical or uncertain. */
export function asserted(e: Entity, faults: Faults = NO_FAULTS): boolean {
  const negated = !faults.has('nlp-negation-ignored') && e.Traits.some((t) => t.Name === 'NEGATION')
  return !negated && !e.Traits.some((t) => t.Name === 'PERTAINS_TO_FAMILY' || t.Name === 'HYPOTHETICAL' || t.Name === 'LOW_CONFIDENCE')
}

export class Enricher {
  private readonly extractor: Extractor
  /** Documents waiting, with when each is due (ms), in due order. */
  private readonly queue = new Map<string, number>()
  private timer?: NodeJS.Timeout
  /** The version each document was enriched at, so the enrichment's own write is not queued again. */
  private readonly enrichedAt = new Map<string, number>()
  private closed = false
  /** Set while the enrichment writes the document: its own write is not queued. */
  private enriching = false
  /** Documents enriched since start. */
  count = 0

  constructor(
    private readonly store: Store,
    private readonly o: NlpOptions,
    private readonly faults: Faults = NO_FAULTS,
  ) {
    this.extractor = new Extractor(o.lexicon)
    const delay = faults.has('nlp-never-finishes') ? 3_600_000 : (o.delayMs ?? 200)
    store.onWrite = (type, id) => {
      if (type !== 'DocumentReference' || this.closed || this.enriching || faults.has('nlp-no-enrichment')) return
      // Due `delay` after its latest write: the queue stays in due order, as every write waits the same.
      this.queue.delete(id)
      this.queue.set(id, Date.now() + delay)
      this.schedule()
    }
  }

  /** Documents written and not yet enriched. */
  get backlog(): number {
    return this.queue.size
  }

  close(): void {
    this.closed = true
    clearTimeout(this.timer)
  }

  /** A timer for the first document due, unless one is set. */
  private schedule(): void {
    if (this.timer || this.closed) return
    const first = this.queue.values().next()
    if (first.done) return
    this.timer = setTimeout(() => this.drain(), Math.max(0, first.value - Date.now()))
    this.timer.unref()
  }

  /** Enriches up to 100 documents that are due, then yields to requests and goes on. */
  private drain(): void {
    this.timer = undefined
    const now = Date.now()
    let done = 0
    for (const [id, due] of this.queue) {
      if (due > now || done++ >= 100) break
      this.queue.delete(id)
      try {
        this.enrich(id)
      } catch {
        // A document that cannot be enriched (a write racing it) is left as written; the next write queues it again.
      }
    }
    this.schedule()
  }

  private enrich(id: string): void {
    const current = this.store.read('DocumentReference', id)
    if (!current || current.deleted || this.enrichedAt.get(id) === current.version) return
    const doc = JSON.parse(current.json) as Resource & { id: string; extension?: Ext[]; content?: Array<{ attachment?: { data?: string; contentType?: string } }> }
    const data = doc.content?.find((c) => c.attachment?.data && (!c.attachment.contentType || c.attachment.contentType.startsWith('text/')))?.attachment?.data
    if (!data) return
    const text = Buffer.from(data, 'base64').toString('utf8')
    const entities = this.extractor.detect(text).filter((e) => !(this.faults.has('nlp-misses-medications') && e.Category === 'MEDICATION'))
    this.store.transaction(() => {
      // What an earlier enrichment of this document made goes: the new text's results replace it.
      for (const r of this.lastGenerated(id)) {
        const [t, rid] = r.split('/')
        if (t && rid) this.store.erase(t, rid)
      }
      const made = this.generate(doc, entities)
      const extension = (doc.extension ?? []).filter((e) => e.url !== AWS_CM && e.url !== SYSTEM_GENERATED_RESOURCES)
      extension.push(rawResults(entities, this.faults.has('nlp-wrong-shape') ? 1 : 0))
      if (made.length)
        extension.push({
          url: SYSTEM_GENERATED_RESOURCES,
          extension: made.map((r) => refExt(r.resourceType === 'Linkage' ? `${HL}/linkage` : `${HL}/nlp-entity`, `${r.resourceType}/${r.id}`)),
        })
      this.enriching = true
      try {
        const { stored } = this.store.put({ ...doc, extension }, 'PUT')
        this.enrichedAt.set(id, stored.version)
      } finally {
        this.enriching = false
      }
    })
    this.count++
  }

  /** What the latest enrichment of a document made: listed on the newest version that lists anything (a user's update drops the list). */
  private lastGenerated(id: string): string[] {
    const versions = this.store.history('DocumentReference', id)
    for (const v of versions) {
      if (v.deleted) continue
      const refs = generatedRefs(JSON.parse(v.json) as { extension?: Ext[] })
      if (refs.length) return refs
    }
    return []
  }

  /** The Condition, Observation and MedicationStatement resources for asserted mentions, then their Linkage (first in the list). */
  private generate(doc: Resource & { subject?: unknown }, entities: Entity[]): Resource[] {
    const linkageId = this.store.newId()
    const source = `DocumentReference/${doc.id}`
    const made: Resource[] = []
    for (const e of entities.filter((x) => asserted(x, this.faults))) {
      const links = (system: string, entity: string, code: { code: string; display: string }, scores: boolean) => ({
        meta: TAG,
        modifierExtension: [
          ...(scores ? [dec(`${system}aws-cm-${entity}-entity-score`, e.Score), dec(`${system}aws-cm-${entity}-entity-Concept-Score`, 0.8)] : []),
          refExt(`${HL}/system-generated-linkage`, `Linkage/${linkageId}`),
          refExt(`${HL}/source-document-reference`, source),
        ],
        ...(doc.subject ? { subject: doc.subject } : {}),
        code,
      })
      if (e.icd10) {
        const trait = e.Traits.find((t) => t.Name === 'DIAGNOSIS' || t.Name === 'SIGN' || t.Name === 'SYMPTOM')?.Name
        if (!trait) continue
        const { code, ...rest } = links(`${AWS_CM}infer-icd10/`, 'icd10', e.icd10, true)
        const concept = { coding: [{ system: `${AWS_CM}infer-icd10/`, code: code.code, display: code.display }], text: code.display }
        made.push(
          trait === 'DIAGNOSIS'
            ? { resourceType: 'Condition', id: this.store.newId(), ...rest, code: concept }
            : { resourceType: 'Observation', id: this.store.newId(), status: 'unknown', ...rest, code: concept },
        )
      } else if (e.rxnorm) {
        const { code, ...rest } = links(`${AWS_CM}infer-rxnorm/`, 'rxnorm', e.rxnorm, false)
        made.push({
          resourceType: 'MedicationStatement',
          id: this.store.newId(),
          status: 'unknown',
          ...rest,
          medicationCodeableConcept: { coding: [{ system: `${AWS_CM}infer-rxnorm/`, code: code.code, display: code.display }] },
        })
      }
    }
    if (made.length === 0) return []
    const searchable = this.faults.has('nlp-generated-searchable')
    const write = (r: Resource) => {
      if (searchable) return void this.store.put(r, 'PUT')
      // No index rows either: nothing reaches them through a reference (_revinclude, _has, \$everything).
      this.store.write({ ...prepareResource(r as Resource & { id: string }), rows: NO_ROWS }, 'PUT')
      this.store.markGenerated(r.resourceType, r.id as string)
    }
    if (this.faults.has('nlp-no-linkage')) {
      for (const r of made) write(r)
      return made
    }
    const linkage: Resource = {
      resourceType: 'Linkage',
      id: linkageId,
      meta: TAG,
      active: true,
      item: [
        ...made.map((r) => ({ type: 'alternate', resource: { reference: `${r.resourceType}/${r.id}`, type: r.resourceType } })),
        { type: 'source', resource: { reference: source, type: 'DocumentReference' } },
      ],
    }
    for (const r of [linkage, ...made]) write(r)
    return [linkage, ...made]
  }
}

/** The references an enrichment listed on the document. */
function generatedRefs(doc: { extension?: Ext[] }): string[] {
  const group = doc.extension?.find((e) => e.url === SYSTEM_GENERATED_RESOURCES)?.extension as Ext[] | undefined
  return (group ?? []).map((e) => (e.valueReference as { reference?: string } | undefined)?.reference ?? '').filter(Boolean)
}

/** The aws-cm group: status, and per operation its raw response, model version and entities. */
function rawResults(entities: Entity[], shift: number): Ext {
  const raw = (list: Entity[]) =>
    JSON.stringify({
      Entities: list.map(({ icd10: _i, rxnorm: _r, ...e }) => ({
        ...e,
        ...(_i && { ICD10CMConcepts: [{ Code: _i.code, Description: _i.display, Score: 0.8 }] }),
        ...(_r && { RxNormConcepts: [{ Code: _r.code, Description: _r.display, Score: 0.8 }] }),
      })),
      ModelVersion: MODEL_VERSION,
    })
  const coded = (op: 'infer-icd10' | 'infer-rxnorm', entity: 'icd10' | 'rxnorm', list: Entity[]): Ext => {
    const u = `${AWS_CM}${op}/`
    return {
      url: u,
      extension: [
        str(`${u}raw-response`, raw(list)),
        str(`${u}model-version`, MODEL_VERSION),
        ...list.map((e) => {
          const c = (e.icd10 ?? e.rxnorm)!
          const p = `${u}aws-cm-${entity}-entity`
          return {
            url: p,
            extension: [
              int(`${p}-id`, e.Id),
              str(`${p}-text`, e.Text),
              int(`${p}-begin-offset`, e.BeginOffset + shift),
              int(`${p}-end-offset`, e.EndOffset + shift),
              dec(`${p}-score`, e.Score),
              ...e.Traits.map((t) => ({ url: `${p}-Trait`, extension: [str(`${p}-Trait-Name`, t.Name), dec(`${p}-Trait-Score`, t.Score)] })),
              {
                url: `${p}-ConceptList`,
                extension: [{ url: `${p}-Concept`, extension: [str(`${p}-Concept-Code`, c.code), str(`${p}-Concept-Description`, c.display), dec(`${p}-Concept-Score`, 0.8)] }],
              },
            ],
          }
        }),
      ],
    }
  }
  return {
    url: AWS_CM,
    extension: [
      str(`${AWS_CM}status/`, 'SUCCESS'),
      str(`${AWS_CM}message/`, SUCCESS_MESSAGE),
      { url: `${AWS_CM}detect-entities/`, extension: [str(`${AWS_CM}detect-entities/raw-response`, raw(entities)), str(`${AWS_CM}detect-entities/model-version`, MODEL_VERSION)] },
      coded(
        'infer-icd10',
        'icd10',
        entities.filter((e) => e.icd10),
      ),
      coded(
        'infer-rxnorm',
        'rxnorm',
        entities.filter((e) => e.rxnorm),
      ),
    ],
  }
}
