// `generate --population`: whose records a dataset holds (generators/data/populations.ts). Each
// population is the general one kept to the people its store holds: every patient of a hospital
// dataset comes to the hospital in the window, every patient of a payer dataset is covered at its
// end, a patient index keeps the general population's patient when that one belongs, output does
// not depend on --workers, and shards of different populations are not merged.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cli, jobOptions } from '../helpers.js'
import { podArgs } from '../../generators/scale-out/k8s-job.js'

const dir = t.testdir({})
const RUN = ['--patients', '60', '--years', '10', '--seed', '11', '--no-bundles', '--quiet']

type Json = Record<string, unknown> & { id: string }
function generate(name: string, extra: string[], run = RUN): string {
  const out = join(dir, name)
  const r = cli(['generate', ...run, '--out', out, ...extra])
  if (r.code !== 0) throw new Error(`generate ${extra.join(' ')}: ${r.stderr}`)
  return out
}
const read = (out: string, type: string): Json[] => {
  const file = join(out, 'ndjson', `${type}.ndjson`)
  return readdirSync(join(out, 'ndjson')).includes(`${type}.ndjson`)
    ? (readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)) as Json[])
    : []
}
const ndjson = (out: string) => new Map(readdirSync(join(out, 'ndjson')).map((f) => [f, readFileSync(join(out, 'ndjson', f), 'utf8')]))
const manifest = (out: string) => JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { population: string; patientIndex: Array<{ id: string }> }
const subject = (r: Json, key = 'subject') => (r[key] as { reference: string }).reference

const general = generate('primary-care', ['--workers', '1'])
const hospital = generate('hospital', ['--population', 'hospital', '--workers', '1'])
const payer = generate('payer', ['--population', 'payer', '--workers', '2'])

t.test('GEN-MIX-01: a hospital’s patients all come to the hospital; a payer’s are all covered at the end; the general population is the default', async (t) => {
  const cameToHospital = (out: string) => {
    const acute = new Set(
      read(out, 'Encounter')
        .filter((e) => ['EMER', 'IMP'].includes((e.class as { code: string }).code))
        .map((e) => subject(e)),
    )
    return read(out, 'Patient').filter((p) => acute.has(`Patient/${p.id}`)).length
  }
  const coveredAtEnd = (out: string) => {
    const covered = new Set(
      read(out, 'Coverage')
        .filter((c) => (c.period as { end?: string }).end === undefined)
        .map((c) => subject(c, 'beneficiary')),
    )
    return read(out, 'Patient').filter((p) => covered.has(`Patient/${p.id}`)).length
  }
  t.equal(cameToHospital(hospital), 60, 'hospital: 60 of 60 patients have an emergency visit or a stay in the window (a death in hospital is one in the emergency department)')
  const some = cameToHospital(general)
  t.ok(some > 5 && some < 55, `primary-care: ${some} of 60 do (the general population, not selected: about two in three over 10 years)`)
  t.equal(coveredAtEnd(payer), 60, 'payer: 60 of 60 patients hold a coverage still active at the end')
  const insured = coveredAtEnd(general)
  t.ok(insured < 60, `primary-care: ${insured} of 60 do (some are uninsured)`)
  t.same(
    [manifest(general).population, manifest(hospital).population, manifest(payer).population],
    ['primary-care', 'hospital', 'payer'],
    'each manifest says whose records it holds',
  )
  const named = generate('primary-care-named', ['--population', 'primary-care', '--workers', '2'])
  t.same(ndjson(named), ndjson(general), '--population primary-care is the default, byte for byte (and --workers changes nothing)')
  // Sizing: what a hospital store holds more of.
  const perPatient = (out: string, type: string) => read(out, type).length / 60
  t.ok(
    perPatient(hospital, 'MedicationAdministration') > perPatient(general, 'MedicationAdministration'),
    `MedicationAdministrations per patient: hospital ${perPatient(hospital, 'MedicationAdministration').toFixed(1)}, primary-care ${perPatient(general, 'MedicationAdministration').toFixed(1)}`,
  )
})

t.test('GEN-MIX-02: a patient index keeps the general population’s patient when that one belongs, and the run does not depend on --workers', async (t) => {
  const generalIds = manifest(general).patientIndex.map((p) => p.id)
  const hospitalIds = manifest(hospital).patientIndex.map((p) => p.id)
  const acute = new Set(
    read(general, 'Encounter')
      .filter((e) => ['EMER', 'IMP'].includes((e.class as { code: string }).code))
      .map((e) => subject(e)),
  )
  // A death in hospital is one at an emergency visit; one elsewhere does not bring a patient to the hospital.
  const belongs = generalIds.map((id) => acute.has(`Patient/${id}`))
  t.same(
    hospitalIds.map((id, i) => id === generalIds[i]),
    belongs,
    `the ${belongs.filter(Boolean).length} general patients who come to the hospital keep their place and id; the others' places go to people drawn for them`,
  )
  t.equal(new Set(hospitalIds).size, 60, 'no patient twice')
  const again = generate('hospital-2-workers', ['--population', 'hospital', '--workers', '2'])
  t.same(ndjson(again), ndjson(hospital), 'hospital with 2 workers: the same bytes as with 1')
})

t.test('GEN-MIX-03: a Job’s pods generate the population asked for, and shards of different populations are not merged', async (t) => {
  const job = jobOptions({ population: 'hospital' })
  const args = podArgs(job, 'pop')
  t.same(args.slice(args.indexOf('--population'), args.indexOf('--population') + 2), ['--population', 'hospital'], 'the pods are told the population')
  t.notOk(podArgs({ ...job, population: undefined }, 'pop').includes('--population'), 'and nothing for the general one')
  const small = ['--patients', '6', '--years', '2', '--seed', '11', '--quiet', '--workers', '1']
  const a = generate('shard-1', ['--shard', '1/2', '--population', 'payer'], small)
  const b = generate('shard-2', ['--shard', '2/2'], small)
  const r = cli(['generate', 'merge', a, b, '--out', join(dir, 'merged')])
  t.equal(r.code, 2, 'merge refuses (usage or input error)')
  t.match(r.stderr, /^shoreline: error: .*shard-2: shards of different runs: population is "primary-care" here but "payer" in .*shard-1$/m, r.stderr)
  t.equal(r.stderr.trim().split('\n').length, 1, 'in one line')
  const bad = cli(['generate', '--population', 'clinic', '--out', join(dir, 'bad')])
  t.equal(bad.code, 2, '--population clinic: a usage error')
  t.match(bad.stderr, /population/, bad.stderr.trim())
})
