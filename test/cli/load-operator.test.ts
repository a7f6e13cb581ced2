// `shoreline load --emit k6-operator` writes manifests that run on a cluster as they are: the
// TestRun valid under k6-operator's own CRD (../shared/k8s, unknown fields refused as the API
// server refuses them), ConfigMaps and the Secret template valid Kubernetes objects
// (kubernetes-models), the dataset travelling with the test, credentials only by secretKeyRef,
// a pinned k6 image, and no path or secret of the machine that emitted them.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseAllDocuments, parse as parseYaml } from 'yaml'
import { Ajv } from 'ajv'
import { ConfigMap, Secret } from 'kubernetes-models/v1'
import { cli, ROOT, type Json } from '../helpers.js'
import { k6OperatorManifests } from '../../engine/k6-operator.js'

const SECRET = 'operator-secret-0123456789'
const dir = t.testdir({})
const data = join(dir, 'data')

/** The TestRun schema from k6-operator's CRD, closed: a field the CRD does not name is an error. */
function testRunValidator() {
  const crd = parseYaml(readFileSync(join(ROOT, '..', 'shared', 'k8s', 'k6.io_testruns.yaml'), 'utf8')) as Json
  const version = crd.spec.versions.find((v: Json) => v.name === 'v1alpha1')
  const close = (s: Json): Json => {
    if (!s || typeof s !== 'object') return s
    if (Array.isArray(s)) return s.map(close)
    const out: Json = {}
    for (const [k, v] of Object.entries(s)) out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([p, x]) => [p, close(x)])) : close(v)
    if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false
    return out
  }
  const schema = close(version.schema.openAPIV3Schema)
  return new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema)
}
const validTestRun = testRunValidator()

/** The documents of an emitted file, by kind. */
const docs = (file: string) => parseAllDocuments(readFileSync(file, 'utf8'), { version: '1.1' }).map((d) => d.toJS() as Json)

t.before(() => {
  const g = cli(['generate', '--patients', '5', '--no-bundles', '--workers', '1', '--quiet', '--out', data])
  if (g.code !== 0) throw new Error(g.stderr)
})

t.test('LOAD-16: client-secret auth and a dataset: valid objects, the dataset in a ConfigMap, credentials by secretKeyRef, nothing local', async (t) => {
  const out = join(dir, 'mix')
  const r = cli(
    [
      'load',
      '--scenario',
      'fhir-api-mix',
      '--emit',
      'k6-operator',
      '--parallelism',
      '3',
      '--target',
      'http://fhir.test.svc:8080/r4/',
      '--auth',
      'client-secret',
      '--client-id',
      'load',
      '--data',
      data,
      '-e',
      `CLIENT_SECRET=${SECRET}`,
      '--out',
      out,
    ],
    { env: { SHORELINE_CLIENT_SECRET: SECRET } },
  )
  t.equal(r.code, 0, r.stderr)
  const all = docs(join(out, 'fhir-api-mix.k6-operator.yaml'))
  t.same(
    all.map((d) => d.kind),
    ['ConfigMap', 'ConfigMap', 'TestRun'],
  )
  for (const d of all.filter((x) => x.kind === 'ConfigMap')) t.doesNotThrow(() => new ConfigMap(d).validate(), `ConfigMap ${d.metadata.name} is valid`)
  const run = all.find((d) => d.kind === 'TestRun')
  t.ok(validTestRun(run), `the TestRun is valid under k6-operator's CRD: ${JSON.stringify(validTestRun.errors?.slice(0, 3))}`)
  t.notOk(validTestRun({ ...run, spec: { ...run.spec, runner: { ...run.spec.runner, envFrom2: [] } } }), 'the schema refuses a field the CRD does not name')
  t.match(run.spec.runner.image, /^grafana\/k6:\d+\.\d+\.\d+$/, 'a pinned k6 image')
  t.equal(run.spec.parallelism, 3)
  const env = Object.fromEntries(run.spec.runner.env.map((e: Json) => [e.name, e.value ?? e.valueFrom]))
  t.same(env.CLIENT_SECRET, { secretKeyRef: { name: 'shoreline-credentials', key: 'CLIENT_SECRET' } }, 'the secret by reference')
  t.equal(env.CLIENT_ID, 'load', 'the client id travels (it is not a secret)')
  t.equal(env.BASE_URL, 'http://fhir.test.svc:8080/r4/')
  t.equal(env.DATA_DIR, '/data', 'the dataset where the runners mount it')
  t.same(run.spec.initializer.env, run.spec.runner.env, 'the initializer reads the same options and dataset')
  const dataMap = all.find((d) => d.kind === 'ConfigMap' && d.data['manifest.json'])
  t.equal(dataMap.data['manifest.json'], readFileSync(join(data, 'manifest.json'), 'utf8'), "the dataset's manifest travels in a ConfigMap")
  t.same(run.spec.runner.volumes, [{ name: 'dataset', configMap: { name: dataMap.metadata.name } }])
  const script = all[0].data['test.js'] as string
  t.notMatch(script, /^\s*\/\/ .*\.ts$/m, 'no module path comments in the script')

  const secret = docs(join(out, 'shoreline-credentials.secret.yaml'))
  t.equal(secret.length, 1)
  t.doesNotThrow(() => new Secret(secret[0]).validate(), 'the Secret template is a valid Secret')
  t.same(secret[0].stringData, { CLIENT_SECRET: '' }, 'with keys and no values')
  for (const f of ['fhir-api-mix.k6-operator.yaml', 'shoreline-credentials.secret.yaml']) {
    const text = readFileSync(join(out, f), 'utf8')
    t.notOk(text.includes(SECRET), `${f}: no secret value`)
    for (const local of [dir, ROOT, homedir(), tmpdir()]) t.notOk(text.includes(local), `${f}: no local path (${local})`)
  }
})

t.test('LOAD-16: --data-from fetches the dataset in an init container; SigV4 credentials by reference; the import scenario needs a reachable manifest', async (t) => {
  const s3 = join(dir, 's3')
  const r = cli([
    'load',
    '--scenario',
    'search-heavy',
    '--emit',
    'k6-operator',
    '--target',
    'https://fhir.example/r4/',
    '--auth',
    'sigv4',
    '--region',
    'eu-west-1',
    '--data-from',
    's3://bucket/datasets/ci/',
    '--out',
    s3,
  ])
  t.equal(r.code, 0, r.stderr)
  const run = docs(join(s3, 'search-heavy.k6-operator.yaml')).find((d) => d.kind === 'TestRun')
  t.ok(validTestRun(run), JSON.stringify(validTestRun.errors?.slice(0, 3)))
  const init = run.spec.runner.initContainers[0]
  t.same(init.command, ['aws', 's3', 'cp', 's3://bucket/datasets/ci/manifest.json', '/data/manifest.json'])
  t.same(
    init.env.map((e: Json) => e.valueFrom.secretKeyRef.key),
    ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'],
  )
  t.same(run.spec.runner.volumes, [{ name: 'dataset', emptyDir: {} }])
  t.equal(run.spec.runner.env.find((e: Json) => e.name === 'AWS_REGION').value, 'eu-west-1')
  t.same(docs(join(s3, 'shoreline-credentials.secret.yaml'))[0].stringData, { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SESSION_TOKEN: '' })

  const https = join(dir, 'https')
  t.equal(cli(['load', '--scenario', 'search-heavy', '--emit', 'k6-operator', '--data-from', 'https://data.example/ci', '--out', https]).code, 0)
  const viaCurl = docs(join(https, 'search-heavy.k6-operator.yaml')).find((d) => d.kind === 'TestRun')
  t.same(viaCurl.spec.runner.initContainers[0].command.slice(-2), ['/data/manifest.json', 'https://data.example/ci/manifest.json'])

  const bad = cli(['load', '--scenario', 'search-heavy', '--emit', 'k6-operator', '--data-from', 'ftp://x/y', '--out', join(dir, 'bad')])
  t.equal(bad.code, 2)
  t.match(bad.stderr, /--data-from must be s3:\/\/bucket\/prefix or https:\/\/host\/path/)
  const imp = cli(['load', '--scenario', 'import', '--emit', 'k6-operator', '--data', data, '--out', join(dir, 'imp')])
  t.equal(imp.code, 2)
  t.match(imp.stderr, /the runners pull NDJSON by URL; give -e MANIFEST_URL=/)
  const noId = cli(['load', '--scenario', 'smart-token', '--emit', 'k6-operator', '--auth', 'client-secret', '--out', join(dir, 'noid')], { env: { SHORELINE_CLIENT_ID: '' } })
  t.equal(noId.code, 2)
  t.match(noId.stderr, /--auth client-secret: give --client-id/)
})

t.test('LOAD-16: a manifest too big for a ConfigMap is refused, naming --data-from', async (t) => {
  t.throws(
    () =>
      k6OperatorManifests({
        name: 'x',
        script: 'export default function () {}',
        parallelism: 1,
        env: {},
        secretKeys: [],
        secretName: 's',
        image: 'grafana/k6:2.2.0',
        data: { manifest: 'x'.repeat(1024 * 1024) },
      }),
    /more than a ConfigMap holds: upload the dataset folder and give --data-from/,
  )
})
