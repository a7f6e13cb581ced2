// `generate --cover-profiles` (generators/cover.ts): a small dataset holding every US Core profile a
// record can claim. The list of those profiles is held to generated data both ways; the patients
// chosen are the stream's own (the same people a plain run of more patients has), nothing changes
// when the first N already hold everything, too few patients say what they lack, and shards of a
// covered run merge into the unsharded one.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cli } from '../helpers.js'
import { tree } from './dataset-tree.js'
import { coverProfiles, RECORD_PROFILES, slug } from '../../generators/cover.js'
import { genContext } from './gen-context.js'

const dir = t.testdir({})
/** The pool's profiles: in every run whatever its patients. */
const POOL_PROFILES = ['us-core-organization', 'us-core-location', 'us-core-practitioner', 'us-core-practitionerrole', 'us-core-medication']

function generate(name: string, args: string[]) {
  const out = join(dir, name)
  const r = cli(['generate', '--years', '10', '--no-bundles', '--workers', '1', '--out', out, ...args])
  if (r.code !== 0) throw new Error(r.stderr)
  return { out, ...r, manifest: JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest }
}
interface Manifest {
  cover: { picks: number[] | null; missing: string[] } | null
  patientIndex: Array<{ id: string }>
}

/** The US Core profiles the dataset's NDJSON claims. */
function claimed(out: string): Set<string> {
  const found = new Set<string>()
  for (const f of readdirSync(join(out, 'ndjson')))
    for (const line of readFileSync(join(out, 'ndjson', f), 'utf8').split('\n'))
      for (const url of line ? ((JSON.parse(line) as { meta?: { profile?: string[] } }).meta?.profile ?? []) : [])
        if (url.startsWith('http://hl7.org/fhir/us/core/StructureDefinition/')) found.add(slug(url))
  return found
}

t.test('GEN-COVER-01: ten patients that lacked profiles hold every one, and they are the stream’s own patients', async (t) => {
  // Seed 7 over ten years: the first ten patients have no implant and no infant.
  const plain = generate('plain-7', ['--patients', '10', '--seed', '7', '--quiet'])
  const lacking = RECORD_PROFILES.filter((p) => !claimed(plain.out).has(p))
  t.ok(lacking.length > 0, `without it, the first ten lack ${lacking.join(', ')}`)
  t.equal(plain.manifest.cover, null, 'a plain run says nothing of covering')

  const covered = generate('cover-7', ['--patients', '10', '--seed', '7', '--cover-profiles'])
  const has = claimed(covered.out)
  t.same(
    RECORD_PROFILES.filter((p) => !has.has(p)),
    [],
    `with it, all ${RECORD_PROFILES.length} record profiles are held`,
  )
  t.same(
    [...has].filter((p) => !RECORD_PROFILES.includes(p) && !POOL_PROFILES.includes(p)),
    [],
    'the list names every profile a record claims',
  )
  const picks = covered.manifest.cover?.picks ?? []
  t.equal(picks.length, 10, `the manifest names the ten patients taken: ${picks.join(', ')}`)
  t.ok(
    picks.some((p) => p >= 10),
    'some come from past the first ten',
  )
  t.same(covered.manifest.cover?.missing, [], 'nothing missing')
  t.match(covered.stdout, /--cover-profiles: 10 patients taken from the stream's first \d+, holding 33 of the 33 record profiles/)
  // The same people a plain run of more patients has at those places in the stream.
  const wide = generate('plain-7-wide', ['--patients', String(Math.max(...picks) + 1), '--seed', '7', '--quiet'])
  t.same(
    covered.manifest.patientIndex.map((p) => p.id),
    picks.map((i) => wide.manifest.patientIndex[i]!.id),
    'each patient is the stream’s patient at its pick',
  )
})

t.test('GEN-COVER-02: when the first patients already hold every profile, the records are the plain run’s, byte for byte', async (t) => {
  const plain = generate('plain-131', ['--patients', '10', '--seed', '131', '--quiet'])
  const covered = generate('cover-131', ['--patients', '10', '--seed', '131', '--cover-profiles', '--quiet'])
  t.same(covered.manifest.cover, { picks: null, missing: [] }, 'no patient swapped')
  const a = tree(plain.out)
  const b = tree(covered.out)
  const differ = [...a].filter(([k, v]) => !b.get(k)?.equals(v)).map(([k]) => k)
  t.same(differ, ['manifest.json'], 'only the manifest differs (it records the cover)')
})

t.test('GEN-COVER-03: too few patients, or a scan that finds none, name what is missing; the run still succeeds', async (t) => {
  const few = cli(['generate', '--patients', '2', '--seed', '7', '--years', '10', '--no-bundles', '--workers', '1', '--cover-profiles', '--out', join(dir, 'few')])
  t.equal(few.code, 0, few.stderr)
  t.match(few.stderr, /^--cover-profiles: no patient holds [a-z-]+(, [a-z-]+)* \(more --patients or --years may\)$/m)
  const manifest = JSON.parse(readFileSync(join(dir, 'few', 'manifest.json'), 'utf8')) as Manifest
  t.ok(manifest.cover!.missing.length > 0, `two patients lack ${manifest.cover!.missing.length} profiles`)
  t.same(RECORD_PROFILES.filter((p) => !claimed(join(dir, 'few')).has(p)).sort(), [...manifest.cover!.missing].sort(), 'the manifest lists exactly the profiles the dataset lacks')
  // A scan of three patients cannot find an implant: it is reported, not hidden.
  const { ctx } = genContext(7, 10, 10)
  const short = coverProfiles(ctx, 10, 3)
  t.equal(short.picks, undefined, 'ten patients include the three scanned: nothing to choose')
  t.ok(short.missing.includes('us-core-implantable-device'), `a short scan reports ${short.missing.join(', ')}`)
})

t.test('GEN-COVER-04: shards of a covered run merge into the unsharded covered run; a Job passes the flag to its pods', async (t) => {
  const args = ['--patients', '10', '--seed', '7', '--cover-profiles', '--quiet']
  const whole = generate('cover-whole', args)
  for (const i of [1, 2]) generate(join('cover-shards', `s${i}`), [...args, '--shard', `${i}/2`])
  const merged = join(dir, 'cover-merged')
  const m = cli(['generate', 'merge', join(dir, 'cover-shards'), '--out', merged])
  t.equal(m.code, 0, m.stderr)
  const a = tree(whole.out)
  const b = tree(merged)
  t.same([...b.keys()].sort(), [...a.keys()].sort(), 'the same files')
  t.same(
    [...a].filter(([k, v]) => !b.get(k)?.equals(v)).map(([k]) => k),
    [],
    'every file byte-identical, the manifest’s cover included',
  )
  const job = cli(['generate', ...args, '--emit', 'k8s-job', '--shards', '2', '--image', 'example/shoreline:1', '--volume-claim', 'data', '--out', join(dir, 'job')])
  t.equal(job.code, 0, job.stderr)
  const yaml = readFileSync(
    join(
      dir,
      'job',
      readdirSync(join(dir, 'job')).find((f) => f.endsWith('.k8s-job.yaml'))!,
    ),
    'utf8',
  )
  t.match(yaml, /- --cover-profiles\n/, "the pods' argv asks for the same cover")
})
