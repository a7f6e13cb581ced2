// The nlp suite's one exchange (STYLE.md 2): a Patient and a clinical note with known mentions are
// written, then the note is read back until integrated NLP has enriched it or the budget
// (conform --nlp-budget) runs out; the checks inspect what came back. It runs only when the user
// says the target has integrated NLP on (conform --nlp): nothing in a CapabilityStatement says so,
// and on HealthLake it is turned on by a support case.
import { parseBody } from '../expect.js'
import { skip } from '../check.js'
import type { CheckContext } from '../context.js'

export const GUIDE = 'https://docs.aws.amazon.com/healthlake/latest/devguide'
export const HL = 'http://healthlake.amazonaws.com'
export const AWS_CM = `${HL}/aws-cm/`
export const SYSTEM_GENERATED = `${HL}/system-generated-resources/`

/** The note the suite writes: two asserted diagnoses, a drug, and a symptom the patient denies. */
export const NOTE = [
  'Progress note',
  'HPI: 58-year-old man with hypertension and type 2 diabetes, here for follow-up. Denies chest pain.',
  'Medications: lisinopril 10 mg daily.',
  'Assessment and plan: hypertension, stable on lisinopril.',
  '',
].join('\n')
export const NEGATED = 'chest pain'

export type Ext = { url?: string; extension?: Ext[]; valueString?: string; valueInteger?: number; valueReference?: { reference?: string } }
export interface Enriched {
  id: string
  doc: { extension?: Ext[] }
  /** Time from the note's write to the first read that showed it enriched, ms. */
  ms: number
}

/** The note, enriched (memoised for the run); a skip says why there is none. */
export async function enrichedNote(ctx: CheckContext): Promise<{ enriched?: Enriched; reason?: string }> {
  if (!ctx.nlp) skip('the target is not said to run integrated NLP (conform --nlp)')
  const budgetMs = ctx.nlp.budgetMs
  const patient = await ctx.exchange(
    'nlp-patient',
    'POST',
    'Patient',
    { 'content-type': 'application/fhir+json' },
    { body: JSON.stringify(ctx.tagged({ resourceType: 'Patient', name: [{ family: 'Nlp' }] })) },
  )
  const pid = /Patient\/([A-Za-z0-9\-.]{1,64})/.exec(patient.response?.headers.location ?? '')?.[1]
  if (!pid) skip(`creating the note's Patient answered ${patient.response?.status ?? patient.error}, with no Location`)
  ctx.created.add(`Patient/${pid}`)
  const note = ctx.tagged({
    resourceType: 'DocumentReference',
    status: 'current',
    type: { coding: [{ system: 'http://loinc.org', code: '11506-3', display: 'Progress note' }] },
    subject: { reference: `Patient/${pid}` },
    content: [{ attachment: { contentType: 'text/plain', data: Buffer.from(NOTE, 'utf8').toString('base64') } }],
  })
  const written = await ctx.exchange('nlp-note', 'POST', 'DocumentReference', { 'content-type': 'application/fhir+json' }, { body: JSON.stringify(note) })
  const id = /DocumentReference\/([A-Za-z0-9\-.]{1,64})/.exec(written.response?.headers.location ?? '')?.[1]
  if (!id) skip(`creating the note answered ${written.response?.status ?? written.error}, with no Location`)
  ctx.created.add(`DocumentReference/${id}`)
  const started = performance.now()
  const polled = await ctx.call('nlp-enrichment', { method: 'GET', url: `DocumentReference/${id}` }, async () => {
    for (let wait = 50; ; wait = nextWait(wait)) {
      const res = await ctx.client.request('GET', `DocumentReference/${id}`, { headers: { accept: 'application/fhir+json' } })
      if (res.status === 200) {
        const doc = parseBody<{ extension?: Ext[] }>(res.text, 'the note read back')
        if (doc.extension?.some((e) => e.url === AWS_CM)) return { doc, ms: performance.now() - started }
      }
      if (performance.now() - started + wait > budgetMs) return { ms: performance.now() - started }
      await new Promise((r) => setTimeout(r, wait))
    }
  })
  if (polled.error) skip(`reading the note back failed: ${polled.error}`)
  const { doc, ms } = polled.value as { doc?: Enriched['doc']; ms: number }
  if (!doc) return { reason: `DocumentReference/${id} was not enriched within ${Math.round(budgetMs / 1000)} s (no \`${AWS_CM}\` extension)` }
  return { enriched: { id, doc, ms } }
}

/** Polling backs off from 50 ms to 2 s: a quick enrichment is timed closely, a slow one is not hammered. */
export const nextWait = (ms: number) => Math.min(2000, Math.round(ms * 1.5))

/** The enriched note, or a skip for the checks that only inspect it (NLP-01 judges the enrichment itself). */
export async function inspected(ctx: CheckContext): Promise<Enriched> {
  const { enriched, reason } = await enrichedNote(ctx)
  if (!enriched) skip(reason ?? 'the note was not enriched')
  return enriched
}

/** An extension group's members by url. */
export function group(exts: Ext[] | undefined, url: string): Ext[] {
  return exts?.find((e) => e.url === url)?.extension ?? []
}

/** The references listed under system-generated-resources with this url (…/linkage or …/nlp-entity). */
export function listed(doc: Enriched['doc'], url: string): string[] {
  return group(doc.extension, SYSTEM_GENERATED)
    .filter((e) => e.url === url)
    .map((e) => e.valueReference?.reference ?? '')
    .filter(Boolean)
}
