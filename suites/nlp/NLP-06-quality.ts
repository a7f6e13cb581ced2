import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseBody, readInputJson } from '../expect.js'
import { expect, skip, type Check } from '../check.js'
import { AWS_CM, group, nextWait, type Ext } from './shared.js'
import { codedSpans, parseEntities } from './comprehend.js'
import { CATEGORIES, evaluate, type NoteEvaluation, type TruthEntity } from './quality.js'

const CM = 'https://docs.aws.amazon.com/comprehend-medical/latest/dev/textanalysis-entitiesv2.html'

export const check: Check = {
  id: 'NLP-06',
  title: "Integrated NLP's entities on the dataset's notes, against their ground truth (held to --nlp-min-f1 when given)",
  description: `Writes notes from the \`--data\` dataset (\`nlp/notes.ndjson\`: every mention annotated with its span, category, traits and code), waits for their enrichment, and scores the DetectEntities-V2 entities HealthLake appended ([Detect entities](${CM})): precision, recall and F1 per category and overall (exact span and category), each trait over the entities found, and agreement of the InferICD10-CM and InferRxNorm codes with the record's. With \`conform --nlp-min-f1 X\` every category's F1 and the NEGATION trait's must reach X; without it the figures are reported and the check passes.`,
  verifies: ['HL-NLP-6'],
  level: 'SHALL',
  needs: [{ interaction: 'create', type: 'DocumentReference' }],
  writes: true,
  async run(ctx) {
    if (!ctx.nlp) skip('the target is not said to run integrated NLP (conform --nlp)')
    if (!ctx.dataset) skip('no dataset (--data) to take annotated notes from')
    const manifest = readInputJson<{ nlp?: { notes?: string } }>(readFileSync(join(ctx.dataset, 'manifest.json'), 'utf8'), join(ctx.dataset, 'manifest.json'))
    if (!manifest.nlp?.notes) skip('the dataset has no annotated notes (made before Shoreline wrote nlp/notes.ndjson)')
    const lines = readFileSync(join(ctx.dataset, manifest.nlp.notes), 'utf8').split('\n').filter(Boolean).slice(0, ctx.nlp.notes)
    const notes = lines.map((l, i) => readInputJson<{ text: string; entities: TruthEntity[] }>(l, `${manifest.nlp!.notes} line ${i + 1}`))
    const ids: string[] = []
    const headers = { 'content-type': 'application/fhir+json' }
    for (const [i, n] of notes.entries()) {
      const body = JSON.stringify(
        ctx.tagged({
          resourceType: 'DocumentReference',
          status: 'current',
          content: [{ attachment: { contentType: 'text/plain', data: Buffer.from(n.text, 'utf8').toString('base64') } }],
        }),
      )
      // The first write is recorded as evidence; the rest go unrecorded (thousands of notes would swell the results) unless one fails.
      const res = i === 0 ? undefined : await ctx.client.request('POST', 'DocumentReference', { headers, body }).catch(() => undefined)
      let location = res && res.status < 300 ? res.headers.location : undefined
      if (!location) {
        const ex = await ctx.exchange(`nlp-eval-${i}`, 'POST', 'DocumentReference', headers, { body })
        location = ex.response?.headers.location
        if (!location) skip(`writing note ${i + 1} answered ${ex.response?.status ?? ex.error}, with no Location`)
      }
      const id = /DocumentReference\/([A-Za-z0-9\-.]{1,64})/.exec(location)?.[1]
      if (!id) skip(`writing note ${i + 1} answered a Location naming no DocumentReference: ${location}`)
      ctx.created.add(`DocumentReference/${id}`)
      ids.push(id)
    }
    const enriched = await waitForAll(ctx, ids, ctx.nlp.budgetMs)
    if (enriched.size === 0) skip(`none of the ${ids.length} notes was enriched within ${Math.round(ctx.nlp.budgetMs / 1000)} s (NLP-01 judges enrichment)`)
    const scored: NoteEvaluation[] = []
    for (const [i, id] of ids.entries()) {
      const doc = enriched.get(id)
      if (!doc) continue
      const cm = group(doc.extension, AWS_CM)
      const raw = group(cm, `${AWS_CM}detect-entities/`).find((e) => e.url === `${AWS_CM}detect-entities/raw-response`)?.valueString
      const found = raw === undefined ? undefined : parseEntities(raw)
      expect(
        found,
        `expected DocumentReference/${id}'s \`${AWS_CM}detect-entities/raw-response\` to hold a DetectEntities-V2 response, got ${raw === undefined ? 'none' : 'something unreadable'}`,
      )
      scored.push({ truth: notes[i]!.entities, found, codes: codedSpans(doc) })
    }
    const metrics = evaluate(scored)
    ctx.measured.push({ name: 'notes scored', value: scored.length, unit: 'count' }, { name: 'notes written', value: ids.length, unit: 'count' }, ...metrics)
    const min = ctx.nlp.minF1
    if (min === undefined) return
    const f1Of = (of: string) => metrics.find((m) => m.name === 'F1' && m.of === of)
    const mentioned = (of: string) => (metrics.find((m) => m.name === 'mentions' && m.of === of)?.value ?? 0) > 0
    const below = [...CATEGORIES, 'trait NEGATION']
      .filter(mentioned)
      .map((of) => ({ of, f1: f1Of(of)?.value ?? 0 }))
      .filter((x) => x.f1 < min)
    expect(
      below.length === 0,
      `expected F1 ≥ ${min} (--nlp-min-f1) for every category and for negation, got ${below.map((b) => `${b.of} ${b.f1.toFixed(3)}`).join(', ')} over ${scored.length} notes`,
    )
  },
}

/** Reads the notes back until each is enriched or the budget is spent; the enriched ones by id. */
async function waitForAll(ctx: Parameters<Check['run']>[0], ids: string[], budgetMs: number): Promise<Map<string, { extension?: Ext[] }>> {
  const done = new Map<string, { extension?: Ext[] }>()
  const started = performance.now()
  for (let wait = 50; ; wait = nextWait(wait)) {
    for (const id of ids.filter((x) => !done.has(x))) {
      const res = await ctx.client.request('GET', `DocumentReference/${id}`, { headers: { accept: 'application/fhir+json' } })
      if (res.status !== 200) continue
      const doc = parseBody<{ extension?: Ext[] }>(res.text, `DocumentReference/${id}`)
      if (doc.extension?.some((e) => e.url === AWS_CM)) done.set(id, doc)
    }
    if (done.size === ids.length || performance.now() - started + wait > budgetMs) return done
    await new Promise((r) => setTimeout(r, wait))
  }
}
