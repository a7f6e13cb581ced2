// The HealthLake-shaped stand-in (`serve --preset healthlake`): its deviations are all documented in
// the healthlake profile, and a full conform under that profile against it has no fail and no error
// — the verdicts a user gets against a HealthLake-like server are true ones.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { FAULTS } from '../../server/faults/catalogue.js'
import { PRESETS } from '../../server/presets.js'
import { PROFILES } from '../../profiles/index.js'
import { allChecks } from '../../suites/registry.js'
import { prepareHarness, runAgainst, type Harness } from './harness.js'

const harness = {} as Harness
t.before(async () => Object.assign(harness, await prepareHarness(t.testdir({}))))

t.test('PRESET-01: every fault in a preset is a deviation its profile documents, checks and all; docs list each preset', async (t) => {
  const doc = readFileSync(new URL('../../docs/reference-server.md', import.meta.url), 'utf8')
  for (const p of Object.values(PRESETS)) {
    const row = doc.split('\n').find((l) => l.startsWith(`| \`${p.name}\` |`)) ?? ''
    for (const name of [...p.variants, ...p.faults]) t.ok(row.includes(`\`${name}\``), `docs/reference-server.md lists ${name} in the ${p.name} preset`)
    const profile = PROFILES[p.profile]
    for (const name of p.faults) {
      const fault = FAULTS.find((f) => f.name === name)
      t.ok(fault, `${p.name}: ${name} is a fault`)
      for (const id of fault?.checks ?? []) t.ok(profile.deviations[id], `${p.name}: ${name} breaks ${id}, which the ${p.profile} profile documents`)
    }
  }
})

t.test('PRESET-02: conform --target-profile healthlake against serve --preset healthlake: no fail, no error; the deviations show as deviations', async (t) => {
  const p = PRESETS.healthlake
  const results = await runAgainst(harness, allChecks(), { variants: p.variants, faults: p.faults, profile: p.profile })
  t.same(
    results.filter((r) => r.outcome === 'fail' || r.outcome === 'error').map((r) => `${r.id} ${r.outcome}: ${r.message ?? ''}`),
    [],
    'no check fails or breaks',
  )
  const deviations = results.filter((r) => r.outcome === 'deviation').map((r) => r.id)
  t.ok(deviations.includes('SE-28'), `case-sensitive search shows as the documented deviation (deviations: ${deviations.join(', ')})`)
  t.ok(results.filter((r) => r.outcome === 'pass').length > 100, 'most checks pass')
  const assumed = results.filter((r) => r.assumption).map((r) => r.id)
  t.same(assumed.sort(), ['HL-08', 'HL-40', 'HL-41'], 'the verdicts that rest on the Lambda re-check assumption say so')
})
