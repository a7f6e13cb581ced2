// The container image `generate --emit k8s-job --image …` runs, and the package behind it: what the
// CLI imports at run time is a production dependency (the image drops the rest), the Dockerfile
// agrees with the Job it is for (entrypoint, user, data folder), and a tree staged as the image's
// build copies the repository (the folder less .dockerignore) builds and runs a pod's own argv,
// a conformance coverage report and a k6-operator bundle. No container engine is needed: the
// image's remaining steps are npm's (install, prune) and the node image's.
import t from 'tap'
import { builtinModules } from 'node:module'
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { jobOptions, nodeCommand, ROOT } from '../helpers.js'
import { k8sJob, podArgs, POD_DATA } from '../../generators/scale-out/k8s-job.js'

// Building and running the staged tree: longer than the default on a busy 2-core machine.
t.setTimeout(600_000)

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; bin: Record<string, string> }
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
const JOB = jobOptions({ name: 'packaging' })

/** A bare specifier (`name`, `name/sub`, `@scope/name/sub`); node: builtins, relative paths and the bundle's own strings are not. */
const PACKAGE = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(?:\/[\w.\/-]+)?$/

/** The packages a bundle file and the chunks it imports (transitively) load, by name. */
function packagesLoadedFrom(entry: string, seen = new Set<string>(), found = new Set<string>()): Set<string> {
  if (seen.has(entry)) return found
  seen.add(entry)
  const code = readFileSync(join(ROOT, 'dist', entry), 'utf8')
  for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\b__require\s*\(\s*|\brequire\s*\(\s*)["']([^"']+)["']/g)) {
    const spec = m[1]!
    if (spec.startsWith('./')) {
      if (spec.endsWith('.js')) packagesLoadedFrom(spec.slice(2), seen, found)
    } else if (PACKAGE.test(spec) && !builtinModules.includes(spec.split('/')[0]!)) {
      found.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!)
    }
  }
  return found
}

t.test('PKG-01: what the CLI and its workers load at run time are production dependencies (the image prunes the rest)', async (t) => {
  // The entries a user's command reaches: the CLI and the workers it starts. Benchmarks and the build's own precompiler are not shipped to run.
  const entries = readdirSync(join(ROOT, 'dist')).filter((f) => f.endsWith('.js') && !f.startsWith('chunk-') && !f.startsWith('bench-') && f !== 'precompile.js')
  t.ok(entries.includes('cli.js') && entries.includes('generate-worker.js'), `entries: ${entries.join(', ')}`)
  const loaded = new Set<string>()
  for (const e of entries) for (const p of packagesLoadedFrom(e)) loaded.add(p)
  t.ok(loaded.has('yargs') && loaded.has('esbuild'), `${loaded.size} packages loaded, yargs and esbuild (load bundles scenarios with it) among them`)
  t.same([...loaded].filter((p) => !(p in pkg.dependencies)).sort(), [], 'every one is in package.json dependencies')
})

t.test('PKG-02: the Dockerfile builds the image the Job runs: `shoreline` as entrypoint, its user, its data folder', async (t) => {
  const stages = dockerfile.split(/^FROM /m).slice(1)
  t.equal(stages.length, 2, 'a build stage and a runtime stage')
  const [build, run] = stages as [string, string]
  const base = (s: string) => s.split(/\s/)[0]!
  t.equal(base(build), base(run), 'both stages on the same Node image')
  const major = Number(/^node:(\d+)/.exec(base(run))?.[1])
  t.ok(major === 20 || major === 22, `Node ${major}, a version the package supports (${JSON.stringify(pkg.bin)}; engines >=20.19)`)
  t.match(build, /npm ci[^\n]*\n(?:.*\n)*?RUN [^\n]*npm run build[^\n]*npm prune --omit=dev/, 'the build stage installs, builds, then drops dev dependencies')
  const pod = (k8sJob(JOB) as { spec: { template: { spec: { securityContext: { runAsUser: number; fsGroup: number }; containers: Array<{ command: string[] }> } } } }).spec.template
    .spec
  const user = /^USER (\d+):(\d+)$/m.exec(run)
  t.same([Number(user?.[1]), Number(user?.[2])], [pod.securityContext.runAsUser, pod.securityContext.fsGroup], 'USER is the Job’s runAsUser and fsGroup')
  const entrypoint = JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(run)?.[1] ?? '[]') as string[]
  t.same(entrypoint, pod.containers[0]!.command, 'ENTRYPOINT is the Job’s command')
  const link = /ln -s (\S+) \/usr\/local\/bin\/(\S+)/.exec(run)
  t.equal(link?.[2], entrypoint[0], '`shoreline` is on the PATH')
  t.equal(link?.[1], `/opt/shoreline/${pkg.bin.shoreline}`, 'as the package’s bin')
  t.match(run, new RegExp(`mkdir -p ${POD_DATA} [^\\n]*&& chown ${user?.[1]}:${user?.[2]} ${POD_DATA}`), `${POD_DATA} (where the Job mounts its volume) belongs to that user`)
})

t.test('PKG-03: a tree staged as the image copies the repository builds, and runs a pod’s argv, a coverage report and a k6-operator bundle', async (t) => {
  const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').filter(Boolean)
  // Plain top-level names only, so matching them here is exactly what the builder does.
  t.same(
    ignored.filter((p) => !/^[.\w-]+$/.test(p)),
    [],
    '.dockerignore lists top-level names',
  )
  t.ok(ignored.includes('node_modules') && ignored.includes('dist'), 'the host’s installs and builds stay out of the build context')
  // The build context: the folder as it is, less what .dockerignore names (scripts/build.mjs drops a test run's transpiled copies).
  const dir = t.testdir({})
  const stage = join(dir, 'opt-shoreline')
  for (const name of readdirSync(ROOT)) if (!ignored.includes(name)) cpSync(join(ROOT, name), join(stage, name), { recursive: true, verbatimSymlinks: true })
  t.notOk(existsSync(join(stage, 'test')), 'the tests are not in the image')
  // The image's node_modules are these packages less the dev ones, which PKG-01 shows the run never loads.
  symlinkSync(join(ROOT, 'node_modules'), join(stage, 'node_modules'), 'dir')
  const run = (script: string, args: string[], cwd: string) => spawnSync(...nodeCommand(join(stage, script), args), { cwd, encoding: 'utf8', timeout: 300_000 })
  const built = run('scripts/build.mjs', [], stage)
  t.equal(built.status, 0, `npm run build in the staged tree ${built.stderr.slice(-500)}`)

  const work = join(dir, 'work')
  mkdirSync(work)
  const data = join(dir, 'data')
  const argv = podArgs(JOB, 'packaging').map((a) => a.replace('$(SHORELINE_COMPLETION_INDEX)', '1').replace(POD_DATA, data))
  const pod = run('bin/shoreline.js', argv, work)
  t.equal(pod.status, 0, `the pod's argv (shard 2 of 2) ${pod.stderr.slice(-500)}`)
  const shards = existsSync(join(data, 'packaging')) ? readdirSync(join(data, 'packaging')) : []
  t.same(shards, ['shard-0002-of-0002'], 'one shard folder on the volume')
  const manifest = JSON.parse(readFileSync(join(data, 'packaging', shards[0] ?? '-', 'manifest.json'), 'utf8')) as { shard: { index: number; count: number }; patients: number }
  t.same([manifest.shard.index, manifest.shard.count, manifest.patients], [2, 2, 6], 'shard 2 of a 6-patient run, with its manifest')

  const coverage = run('bin/shoreline.js', ['conform', '--coverage'], work)
  t.equal(coverage.status, 0, `conform --coverage ${coverage.stderr.slice(-500)}`)
  t.match(
    coverage.stdout,
    /^# Requirement coverage\n\nGenerated by `shoreline conform --coverage` from `suites\/requirements\/\*\.csv`: \d+ requirements/,
    'the requirement rows ship',
  )
  t.match(coverage.stdout, /What only Shoreline checks \(\d+ checks no kit in the catalogue runs\)/, 'and the catalogue of other kits')

  const emitted = run('bin/shoreline.js', ['load', '--scenario', 'fhir-api-mix', '--target', 'http://127.0.0.1:9/fhir', '--emit', 'k6-operator', '--out', join(dir, 'k6')], work)
  t.equal(emitted.status, 0, `a scenario bundled for k6-operator ${emitted.stderr.slice(-500)}`)
  t.ok(existsSync(join(dir, 'k6', 'fhir-api-mix.k6-operator.yaml')), 'its manifests written')
})
