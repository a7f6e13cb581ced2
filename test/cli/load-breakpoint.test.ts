// The capacity scenario: `load --scenario breakpoint` ramps an arrival rate until the p95 SLO or
// the error budget breaks, stops itself, and reports the highest rate the target held within the
// SLO. Against serve --capacity (HealthLake's per-second units, 429 beyond them) the limit is
// found and the run stops; against an unthrottled server and a low ramp, it says the SLO never
// broke. The window rule itself is a table test.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cliRun, type Json } from '../helpers.js'
import { startServer } from '../../server/http/server.js'
import { CAPACITY_WINDOW_S, sustainedCapacity } from '../../engine/results.js'

const dir = t.testdir({})
const second = (t: number, reqs: number, p95: number, failed = 0) => ({ t, reqs, failed, iterations: reqs, vus: 1, p50: p95 / 2, p95, p99: p95 })

t.test('LOAD-17: the sustained rate is the best stretch of seconds that all met the SLO, at its slowest second', async (t) => {
  t.equal(CAPACITY_WINDOW_S, 5)
  const ramp = [10, 20, 30, 40, 50, 60, 70, 80].map((r, i) => second(i + 1, r, 100))
  t.same(sustainedCapacity(ramp, 500, 0.01), { reqPerS: 40, fromS: 4, toS: 8, sloBroke: false }, 'a ramp that never broke: its last five seconds')
  const broke = [...ramp.slice(0, 6), second(7, 70, 900), second(8, 80, 100)]
  t.same(sustainedCapacity(broke, 500, 0.01), { reqPerS: 20, fromS: 2, toS: 6, sloBroke: true }, 'a slow second ends the stretch')
  const errors = [...ramp.slice(0, 6), second(7, 70, 100, 7)]
  t.same(sustainedCapacity(errors, 500, 0.01), { reqPerS: 20, fromS: 2, toS: 6, sloBroke: true }, '10 % failed breaks a 1 % budget')
  t.equal(sustainedCapacity(ramp.slice(0, 4), 500, 0.01), undefined, 'fewer seconds than the window: no figure')
  t.equal(sustainedCapacity([second(1, 0, 0), ...ramp.slice(1, 5)], 500, 0.01), undefined, 'a second without requests does not count as met')
})

t.test('LOAD-17: against serve --capacity the ramp finds the limit, stops itself and reports the sustained rate', async (t) => {
  const tight = await startServer({ auth: 'none', retryAfterSeconds: 0, capacity: { reads: 100, writes: 5000, search: 100, bundles: 100 } })
  t.teardown(() => tight.close())
  const out = join(dir, 'tight')
  const r = await cliRun(['load', '--scenario', 'breakpoint', '--target', tight.url, '--duration', '30s', '-e', 'START_RATE=20', '-e', 'TARGET_RATE=600', '--out', out])
  t.equal(r.code, 99, `the error budget broke and stopped the run: ${r.stderr.slice(-400)}`)
  const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Json
  const s = doc.summary
  t.ok(s.durationMs < 25_000, `it stopped itself before the ramp's end (${s.durationMs} ms)`)
  t.equal(s.capacitySloP95Ms, 500, "the SLO is the scenario's p95 threshold")
  t.equal(s.capacitySloBroke, 1)
  t.ok(s.capacityReqPerS >= 20, `a sustained rate: ${s.capacityReqPerS} req/s`)
  const reqs = doc.series.find((x: Json) => x.name === 'http_reqs').points as Array<[number, number]>
  const failed = doc.series.find((x: Json) => x.name === 'http_req_failed').points as Array<[number, number]>
  for (let i = s.capacityFromS; i <= s.capacityToS; i++) {
    t.ok((reqs.find((p) => p[0] === i)?.[1] ?? 0) >= s.capacityReqPerS, `second ${i} held the rate`)
    t.ok((failed.find((p) => p[0] === i)?.[1] ?? 1) <= 0.01, `second ${i} within the error budget`)
  }
  // What ended the stretch: throttling (the error budget) or, on a busy machine, a second over the
  // p95 SLO first; either way a second after it broke the SLO, or the run stopped there.
  const p95 = doc.series.find((x: Json) => x.name === 'http_req_duration' && x.tags?.stat === 'p95').points as Array<[number, number]>
  const lastSecond = Math.max(...reqs.map((p) => p[0]))
  t.ok(
    failed.some(([at, ratio]) => at > s.capacityToS && ratio > 0.01) || p95.some(([at, ms]) => at > s.capacityToS && ms > 500) || lastSecond <= s.capacityToS + 1,
    `the SLO broke after the stretch (${s.capacityFromS}–${s.capacityToS} s of ${lastSecond})`,
  )
  t.match(r.stderr, new RegExp(`capacity: ${s.capacityReqPerS} req/s held every second for 5 s \\(${s.capacityFromS}–${s.capacityToS} s\\) with p95 ≤ 500 ms\\n`))
})

t.test('LOAD-17: a ramp the target takes whole: exit 0, and the note says the SLO never broke', async (t) => {
  const open = await startServer({ auth: 'none', retryAfterSeconds: 0 })
  t.teardown(() => open.close())
  const out = join(dir, 'open')
  const r = await cliRun([
    'load',
    '--scenario',
    'breakpoint',
    '--target',
    open.url,
    '--duration',
    '7s',
    '-e',
    'START_RATE=10',
    '-e',
    'TARGET_RATE=40',
    '-e',
    'SLO_FACTOR=20',
    '--out',
    out,
  ])
  t.equal(r.code, 0, r.stderr.slice(-400))
  const s = (JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Json).summary
  t.equal(s.capacitySloBroke, 0)
  t.match(r.stderr, /the SLO never broke: the target can take more \(raise -e TARGET_RATE\)/)
})
