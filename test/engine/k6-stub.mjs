#!/usr/bin/env node
// A stand-in for `k6 run` (k6 cannot be installed on these machines) that answers with what real
// k6 v2.2.0 wrote for the same scenario: its summary export and its stdout, recorded in
// ../shared/fixtures/k6-v2.2.0/<scenario>/ (K6_STUB_FIXTURES). Like real k6 it carries setup()'s
// live session in the export (the secret it was given, in place of the recording's placeholder),
// streams samples to --out json=FILE in k6's documented JSON output format (a Metric line per
// metric, a Point line per sample, as many requests per second as the recording's rate), and
// exits 99 when a recorded threshold was crossed. For the import scenario it first fetches the
// manifest Shoreline serves, as the scenario does. K6_STUB_MODE=killed: it stops before writing
// its summary, as k6 killed mid-run does.
import { readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { gzipSync } from 'node:zlib'

const args = process.argv.slice(2)
const flag = (name) => args[args.indexOf(name) + 1]
const exportPath = flag('--summary-export')
const jsonOut = flag('--out')?.replace(/^json=/, '')
const script = args.at(-1)
const scenario = basename(script).replace(/\.k6\.js$/, '')
const dir = join(process.env.K6_STUB_FIXTURES, scenario)
const recorded = JSON.parse(readFileSync(join(dir, 'summary-export.json'), 'utf8'))
const stdout = readFileSync(join(dir, 'summary.txt'), 'utf8')

if (scenario === 'import' && process.env.MANIFEST_URL) {
  const r = await fetch(process.env.MANIFEST_URL)
  if (!r.ok) throw new Error(`manifest: HTTP ${r.status}`)
}

// The run's length from k6's last progress line: `running (0m20.3s), …`.
const m = [...stdout.matchAll(/running \((?:(\d+)m)?([\d.]+)s\)/g)].at(-1)
const seconds = Math.max(1, Math.round(Number(m?.[1] ?? 0) * 60 + Number(m?.[2] ?? 1)))

const typeOf = (v) => ('passes' in v ? 'rate' : 'count' in v ? 'counter' : 'avg' in v ? 'trend' : 'gauge')
const containsOf = (name) => (/duration|^http_req_(?!failed)/.test(name) ? 'time' : /^data_/.test(name) ? 'data' : 'default')
const lines = []
for (const [key, v] of Object.entries(recorded.metrics)) {
  if (key.includes('{')) continue
  const thresholds = Object.keys(v.thresholds ?? {})
  lines.push({ type: 'Metric', data: { type: typeOf(v), contains: containsOf(key), tainted: null, thresholds, submetrics: null }, metric: key })
}
const t0 = Date.parse('2026-11-30T10:00:00.000Z')
const at = (ms) => new Date(t0 + ms).toISOString().replace('Z', '123+00:00')
const reqs = recorded.metrics.http_reqs?.count ?? 0
const iterations = recorded.metrics.iterations?.count ?? 0
const names = Object.keys(recorded.metrics)
  .map((k) => /^http_req_duration\{name:(.+)\}$/.exec(k)?.[1])
  .filter(Boolean)
const med = recorded.metrics.http_req_duration?.med ?? 1
const point = (metric, ms, value, tags) => lines.push({ type: 'Point', data: { time: at(ms), value, tags }, metric })
for (let i = 0; i < reqs; i++) {
  // Spread evenly over the run; each request's samples share its time and tags.
  const ms = Math.floor((i * seconds * 1000) / reqs) + 1
  const tags = { method: 'GET', status: '200', expected_response: 'true', scenario: 'default', name: names.length ? names[i % names.length] : `http://127.0.0.1/r/${i % 3}` }
  point('http_reqs', ms, 1, tags)
  point('http_req_duration', ms, med * (0.5 + (i % 10) / 10), tags)
  point('http_req_failed', ms, 0, tags)
}
for (let i = 0; i < iterations; i++) point('iterations', Math.floor((i * seconds * 1000) / Math.max(1, iterations)) + 1, 1, { scenario: 'default' })
for (let s = 0; s < seconds; s++) point('vus', s * 1000 + 999, recorded.metrics.vus?.value ?? 1, null)
writeFileSync(jsonOut, gzipSync(lines.map((l) => JSON.stringify(l)).join('\n') + '\n'))

process.stdout.write(stdout)
if (process.env.K6_STUB_MODE === 'killed') process.exit(137)

// setup()'s data as real k6 exports it: the live session, not the recording's placeholder.
const secret = process.env.TOKEN ?? process.env.CLIENT_SECRET ?? ''
const live = JSON.stringify(recorded.setup_data ?? null)
  .replaceAll('[REDACTED]', secret)
  .replace(/"basic":"[^"]*"/, `"basic":"${Buffer.from(`${process.env.CLIENT_ID}:${secret}`).toString('base64')}"`)
writeFileSync(exportPath, JSON.stringify({ ...recorded, setup_data: JSON.parse(live) }, null, 1))
const crossed = Object.values(recorded.metrics).some((v) => Object.values(v.thresholds ?? {}).some(Boolean))
process.exit(crossed ? 99 : 0)
