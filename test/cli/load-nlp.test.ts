// The nlp-enrichment scenario: notes written at a steady rate to a target with integrated NLP, each
// read back until enriched. Against serve --nlp its time to enrichment is the emulation's delay
// (and no less), every note written is enriched, the per-second counts of both are in the series
// (their running difference is the backlog the HTML report draws), and the reports name the figures.
// Against a target that never enriches, the run fails its thresholds and says how many notes waited.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cliRun, type Json } from '../helpers.js'
import { startServer } from '../../server/http/server.js'
import { generatorLexicon } from '../../cli/nlp-lexicon.js'

const dir = t.testdir({})
const DELAY_MS = 300

t.test('LOAD-18: nlp-enrichment reports time to enrichment and the notes written and enriched each second', async (t) => {
  const target = await startServer({ auth: 'none', nlp: { lexicon: generatorLexicon(), delayMs: DELAY_MS } })
  t.teardown(() => target.close())
  const out = join(dir, 'nlp')
  const r = await cliRun(['load', '--scenario', 'nlp-enrichment', '--target', target.url, '--duration', '5s', '-e', 'NOTE_RATE=4', '-e', 'SLO_FACTOR=20', '--out', out])
  t.equal(r.code, 0, r.stderr.slice(-600))
  const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Json
  const metric = (name: string) => (doc.metrics as Json[]).find((m) => m.name === name && !m.tags)?.values
  const time = metric('nlp_time_to_enrichment')
  t.ok(time.min >= DELAY_MS, `no note is enriched before the emulation's delay (min ${time.min} ms)`)
  t.ok(time.med < DELAY_MS + 2000, `p50 ${time.med} ms, p95 ${time['p(95)']} ms`)
  const written = metric('nlp_notes_written').count
  t.ok(written >= 12, `${written} notes written in 5 s at 4 a second`)
  t.equal(metric('nlp_notes_enriched').count, written, 'every note written was enriched')
  const series = (name: string) => ((doc.series as Json[]).find((s) => s.name === name)?.points ?? []) as Array<[number, number]>
  const sum = (name: string) => series(name).reduce((n, [, v]) => n + v, 0)
  t.equal(sum('nlp_notes_written'), written, 'the per-second writes add up to the count')
  t.equal(sum('nlp_notes_enriched'), written, 'the per-second enrichments add up to the count')
  t.ok(
    series('nlp_notes_written').some(([, w], i) => w > (series('nlp_notes_enriched')[i]?.[1] ?? 0)),
    'in some second more notes were written than enriched: a backlog',
  )
  const md = await cliRun(['report', out, '--markdown', '-'])
  // Durations over a second read in seconds (a loaded machine's p50 can pass 1 s).
  t.match(md.stdout, /\| nlp_time_to_enrichment \| \d+\.\d+ m?s \| \d+\.\d+ m?s \|/)
  const html = join(out, 'report.html')
  t.equal((await cliRun(['report', out, '--html', html])).code, 0)
  const page = readFileSync(html, 'utf8')
  t.match(page, /Notes waiting for enrichment \(backlog\)/)
  t.match(page, /Time to enrichment/)
})

t.test('LOAD-18: against a target that never enriches, the run fails its thresholds and counts the notes that waited', async (t) => {
  const target = await startServer({ auth: 'none', faults: ['nlp-no-enrichment'], nlp: { lexicon: generatorLexicon(), delayMs: 50 } })
  t.teardown(() => target.close())
  const out = join(dir, 'never')
  const r = await cliRun(['load', '--scenario', 'nlp-enrichment', '--target', target.url, '--duration', '3s', '-e', 'NOTE_RATE=2', '-e', 'ENRICH_TIMEOUT_S=2', '--out', out])
  t.equal(r.code, 99, 'thresholds crossed: exit 99')
  const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Json
  const waited = (doc.metrics as Json[]).find((m) => m.name === 'nlp_notes_not_enriched' && !m.tags)
  t.ok(waited.values.count >= 4, `${waited.values.count} notes were never enriched`)
  t.same(
    waited.thresholds.map((x: Json) => x.ok),
    [false],
    'nlp_notes_not_enriched count<1 is crossed',
  )
})
