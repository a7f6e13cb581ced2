// Scale-out: `generate --emit k8s-job` writes an Indexed Job that validates against Kubernetes'
// batch/v1 schema; its pods' own argv, run here one per completion index against s3rver, upload
// shards that `generate merge` joins into the very dataset an unsharded run writes, which then
// seeds and reconciles like any other. And a merge refuses what is not one run, in one line.
import t from 'tap'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { Job } from 'kubernetes-models/batch/v1'
import { cli, cliRun } from '../helpers.js'
import { tree } from './dataset-tree.js'
import { BUCKET, localS3 } from '../server/s3-helpers.js'
import { startServer } from '../../server/http/server.js'
import { safeRelative } from '../../generators/scale-out/upload.js'

const dir = t.testdir({})
const GEN = ['--patients', '12', '--seed', '5', '--years', '2', '--invalid']

interface PodSpec {
  containers: Array<{ command: string[]; args: string[]; env: Array<{ name: string; valueFrom?: { fieldRef?: { fieldPath: string } } }> }>
  volumes: Array<Record<string, unknown>>
}
type JobDoc = { apiVersion: string; kind: string; spec: { completionMode: string; completions: number; parallelism: number; template: { spec: PodSpec } } }

function emit(extra: string[], env: NodeJS.ProcessEnv = {}): { yaml: string; job: JobDoc } {
  const out = join(dir, `emit-${Math.random().toString(36).slice(2)}`)
  const r = cli(['generate', ...GEN, '--emit', 'k8s-job', '--out', out, ...extra], { env })
  if (r.code !== 0) throw new Error(r.stderr)
  const file = readdirSync(out).find((f) => f.endsWith('.k8s-job.yaml'))!
  const yaml = readFileSync(join(out, file), 'utf8')
  // Kubernetes reads manifests as YAML 1.1: a date or `no` left unquoted would change type.
  return { yaml, job: parse(yaml, { version: '1.1' }) as JobDoc }
}

t.test('GEN-SCALE-01: --emit k8s-job writes an Indexed Job valid under batch/v1, with no credential in it', async (t) => {
  const env = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEKEY123456', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }
  for (const where of [
    ['--upload', 's3://bucket/pop', '--s3-endpoint', 'http://minio.example:9000'],
    ['--volume-claim', 'population-data'],
  ]) {
    const { yaml, job } = emit(['--shards', '3', '--image', 'registry.example/shoreline:0.1.0', '--cpu', '1500m', '--memory', '3Gi', ...where], env)
    t.doesNotThrow(() => new Job(job as never).validate(), `valid batch/v1 Job (${where[0]})`)
    t.equal(job.kind, 'Job')
    t.equal(job.spec.completionMode, 'Indexed')
    t.equal(job.spec.completions, 3)
    const c = job.spec.template.spec.containers[0]!
    t.same(c.command, ['shoreline'])
    t.ok(
      c.args.every((a) => typeof a === 'string'),
      'every argument reads back as a string under YAML 1.1',
    )
    t.match(c.args.join(' '), /--shards 3 --completion-index \$\(SHORELINE_COMPLETION_INDEX\)/, 'the completion index selects the shard')
    t.match(c.args.join(' '), /--reference-date 2025-01-01 .*--workers 1 /, 'the generation options and a worker per CPU')
    t.equal(c.env.find((e) => e.name === 'SHORELINE_COMPLETION_INDEX')?.valueFrom?.fieldRef?.fieldPath, "metadata.annotations['batch.kubernetes.io/job-completion-index']")
    for (const secret of Object.values(env)) t.notOk(yaml.includes(secret), 'no AWS credential from the environment is written')
    t.ok(where[0] === '--upload' ? job.spec.template.spec.volumes[0]!.emptyDir : job.spec.template.spec.volumes[0]!.persistentVolumeClaim, 'the volume asked for')
  }
  // The validator is not a formality: a Job it must refuse is refused.
  const { job } = emit(['--shards', '2', '--image', 'img', '--upload', 's3://b/p'])
  const broken = JSON.parse(JSON.stringify(job)) as JobDoc
  broken.spec.completionMode = 'indexed'
  t.throws(() => new Job(broken as never).validate(), /completionMode/, 'a wrong completionMode fails validation')

  const missing = cli(['generate', ...GEN, '--emit', 'k8s-job', '--shards', '2', '--upload', 's3://b/p', '--out', join(dir, 'no-image')])
  t.equal(missing.code, 2)
  t.match(missing.stderr, /^shoreline: error: --emit k8s-job needs --image/)
  const nowhere = cli(['generate', ...GEN, '--emit', 'k8s-job', '--shards', '2', '--image', 'img', '--out', join(dir, 'nowhere')])
  t.equal(nowhere.code, 2)
  t.match(nowhere.stderr, /one place for its shards: --upload s3:\/\/bucket\/prefix or --volume-claim NAME/)
})

t.test('GEN-SCALE-02: the pods of the Job, run as the Job runs them, upload shards that merge into the unsharded dataset, which seeds and reconciles', async (t) => {
  const s3 = await localS3()
  t.teardown(() => s3.close())
  const creds = { AWS_ACCESS_KEY_ID: s3.config.accessKeyId!, AWS_SECRET_ACCESS_KEY: s3.config.secretAccessKey!, AWS_REGION: 'us-east-1' }
  const { job } = emit(['--shards', '3', '--image', 'img', '--cpu', '1', '--upload', `s3://${BUCKET}/pop`, '--s3-endpoint', s3.config.endpoint!])
  const c = job.spec.template.spec.containers[0]!
  for (let index = 0; index < job.spec.completions; index++) {
    // What the kubelet does: $(VAR) from the pod's env, and a fresh emptyDir at /data per pod.
    const pod = join(dir, `pod-${index}`)
    mkdirSync(pod)
    const args = c.args.map((a) => a.replace('$(SHORELINE_COMPLETION_INDEX)', String(index)).replace(/^\/data\//, `${pod}/`))
    const r = await cliRun(args, creds)
    t.equal(r.code, 0, `pod ${index}: ${r.stderr}`)
  }
  const keys = await s3.keys('pop/')
  t.ok(
    ['pop/shard-0001-of-0003/manifest.json', 'pop/shard-0002-of-0003/manifest.json', 'pop/shard-0003-of-0003/manifest.json'].every((k) => keys.includes(k)),
    'each pod uploaded its shard',
  )
  t.ok(
    keys.includes('pop/shard-0001-of-0003/invalid/corpus.ndjson') && !keys.includes('pop/shard-0002-of-0003/invalid/corpus.ndjson'),
    'the invalid corpus goes with the first shard only',
  )

  const merged = join(dir, 'merged')
  const m = await cliRun(['generate', 'merge', `s3://${BUCKET}/pop`, '--s3-endpoint', s3.config.endpoint!, '--out', merged], creds)
  t.equal(m.code, 0, m.stderr)
  t.match(m.stdout, /merged 3 shards: 12 patients/)

  const whole = join(dir, 'whole')
  const w = cli(['generate', ...GEN, '--out', whole, '--workers', '1', '--quiet'])
  t.equal(w.code, 0, w.stderr)
  const a = tree(whole)
  const b = tree(merged)
  t.same([...b.keys()].sort(), [...a.keys()].sort(), 'the same files as the unsharded run')
  const differ = [...a].filter(([k, v]) => !b.get(k)?.equals(v)).map(([k]) => k)
  t.same(differ, [], 'every file byte-identical to the unsharded run (manifest, NDJSON, bundles, ground truth, corpus)')

  const target = await startServer({})
  t.teardown(() => target.close())
  const out = join(dir, 'seed-merged')
  const s = await cliRun(['seed', '--target', target.url, '--data', merged, '--out', out, '--via', 'transaction'])
  t.equal(s.code, 0, s.stderr)
  const res = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))
  const manifest = JSON.parse(readFileSync(join(merged, 'manifest.json'), 'utf8'))
  t.equal(res.summary.written, manifest.resources, 'every merged resource written')
  t.same([res.summary.missing, res.summary.altered, res.summary.rejected], [0, 0, 0], 'and reconciled')
})

t.test('GEN-SCALE-03: merge refuses what is not one whole run, in one line naming the place', async (t) => {
  const shards = join(dir, 'shards')
  for (const i of [1, 2]) t.equal(cli(['generate', ...GEN, '--shard', `${i}/2`, '--out', join(shards, `s${i}`), '--gzip', '--quiet']).code, 0)
  const other = join(dir, 'other-seed')
  t.equal(cli(['generate', '--patients', '12', '--seed', '6', '--years', '2', '--shard', '2/2', '--out', other, '--gzip', '--quiet']).code, 0)

  const ok = cli(['generate', 'merge', shards, '--out', join(dir, 'gz-merged')])
  t.equal(ok.code, 0, ok.stderr)
  const gz = readFileSync(join(dir, 'gz-merged', 'manifest.json'), 'utf8')
  t.match(gz, /"path": "ndjson\/Observation\.ndjson\.gz"/, 'gzip shards merge into gzip files')

  const lone = cli(['generate', 'merge', join(shards, 's1'), '--out', join(dir, 'm-lone')])
  t.equal(lone.code, 2)
  t.match(lone.stderr, /^shoreline: error: .*s1: shard 2\/2 missing: a merge needs all 2\n$/)
  const mixed = cli(['generate', 'merge', join(shards, 's1'), other, '--out', join(dir, 'm-mixed')])
  t.equal(mixed.code, 2)
  t.match(mixed.stderr, /shards of different runs: seed is 6 here but 5/)
  const twice = cli(['generate', 'merge', join(shards, 's1'), join(shards, 's1'), '--out', join(dir, 'm-twice')])
  t.match(twice.stderr, /shard 1\/2 given twice/)

  // A damaged shard file (a partial download) is caught by its SHA-256, and nothing is left behind.
  const notes = join(shards, 's1', 'nlp', 'notes.ndjson')
  const whole = readFileSync(notes)
  writeFileSync(notes, whole.subarray(0, whole.length - 100))
  const cut = cli(['generate', 'merge', shards, '--out', join(dir, 'm-cut')])
  t.equal(cut.code, 2)
  t.match(cut.stderr, /^shoreline: error: .*s1\/nlp\/notes\.ndjson: SHA-256 \w+… is not the manifest's/)
  writeFileSync(notes, whole)
  const file = join(shards, 's2', 'ndjson', 'Patient.ndjson.gz')
  writeFileSync(file, readFileSync(file).subarray(0, 40))
  const bad = cli(['generate', 'merge', shards, '--out', join(dir, 'm-bad')])
  t.equal(bad.code, 2)
  t.match(bad.stderr, /Patient\.ndjson\.gz/)
  t.notOk(
    readdirSync(dir).some((n) => n.startsWith('.m-bad')),
    'no staging folder left',
  )

  const badUpload = cli(['generate', ...GEN, '--upload', 'bucket/pop', '--out', join(dir, 'bad-upload')])
  t.equal(badUpload.code, 2)
  t.match(badUpload.stderr, /^shoreline: error: --upload must be an s3:\/\/ URI, got "bucket\/pop"\n$/)
  t.notOk(readdirSync(dir).includes('bad-upload'), 'refused before generating anything')

  // A bucket's keys name files inside the download folder, never outside it.
  t.equal(safeRelative('ndjson/Patient.ndjson', 's3://b/k'), 'ndjson/Patient.ndjson')
  for (const bad of ['../../etc/passwd', '/etc/passwd', 'ndjson//x', 'a/./b', ''])
    t.throws(() => safeRelative(bad, 's3://b/k'), /does not name a file inside its shard folder/, `refused: ${JSON.stringify(bad)}`)

  const idx = cli(['generate', ...GEN, '--completion-index', '3', '--shards', '3', '--out', join(dir, 'idx')])
  t.equal(idx.code, 2)
  t.match(idx.stderr, /--completion-index must be a whole number from 0 to 2 \(--shards 3\), got 3/)
})
