// The house rules of docs/architecture.md, checked rather than remembered: folders import only
// downwards, no source file or function grows into an engine of its own, and the old names are gone.
import t from 'tap'
import { existsSync, readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { dirname, join, normalize } from 'node:path'
import ts from 'typescript'
import { ROOT } from './helpers.js'

const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((f) => /\.(ts|mjs)$/.test(f) && existsSync(join(ROOT, f)))
const top = (f: string) => f.split('/')[0] ?? ''

/** What each top-level folder may import (besides node:, npm packages and itself). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  lib: [],
  profiles: ['lib'],
  reports: ['lib'],
  generators: ['lib'],
  server: ['lib'],
  suites: ['lib', 'profiles'],
  engine: ['lib'],
  cli: ['lib', 'profiles', 'reports', 'generators', 'server', 'suites', 'engine'],
}

function relativeImports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8')
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => normalize(join(dirname(file), m[1] ?? '')))
}

t.test('LAYOUT-01: arrows point down (cli → generators, suites, engine, server, reports → lib)', async (t) => {
  for (const file of tracked) {
    const from = top(file)
    const allowed = ALLOWED[from]
    if (!allowed) continue
    for (const target of relativeImports(file)) {
      const to = top(target)
      if (to === from) continue
      t.ok(allowed.includes(to), `${file} imports ${target}: ${from}/ may import ${allowed.length ? allowed.join(', ') : 'nothing outside itself'}`)
    }
  }
})

t.test('LAYOUT-02: scenarios import nothing but k6 modules and scenarios/', async (t) => {
  for (const file of tracked.filter((f) => f.startsWith('scenarios/'))) {
    const text = readFileSync(join(ROOT, file), 'utf8')
    for (const m of text.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
      const spec = m[1] ?? ''
      const ok = spec === 'k6' || spec.startsWith('k6/') || (spec.startsWith('.') && normalize(join(dirname(file), spec)).startsWith('scenarios/'))
      t.ok(ok, `${file} imports ${spec}`)
    }
  }
})

/** Functions that are data tables written as code, each with the reason. */
const TABLES: Readonly<Record<string, string>> = {
  'generators/ground-truth.ts:buildQueries': 'the table of ground-truth queries, one literal row each',
}

t.test('LAYOUT-03: no source file over 400 lines, no function over 120 (data tables aside)', async (t) => {
  const sources = tracked.filter((f) => f.endsWith('.ts') && !f.startsWith('test/') && !f.startsWith('generators/data/'))
  for (const file of sources) {
    const text = readFileSync(join(ROOT, file), 'utf8')
    const lines = text.split('\n').length
    t.ok(lines <= 400, `${file}: ${lines} lines`)
    const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
    const visit = (n: ts.Node): void => {
      if (ts.isFunctionLike(n) && 'body' in n && n.body) {
        const start = src.getLineAndCharacterOfPosition(n.getStart()).line
        const end = src.getLineAndCharacterOfPosition(n.getEnd()).line
        const name = n.name?.getText(src) ?? '(anonymous)'
        if (!TABLES[`${file}:${name}`]) t.ok(end - start + 1 <= 120, `${file}:${start + 1} ${name}: ${end - start + 1} lines`)
      }
      ts.forEachChild(n, visit)
    }
    visit(src)
  }
})

t.test('LAYOUT-04: one name per thing: no top-level target/, no run output in reports/', async (t) => {
  t.notOk(existsSync(join(ROOT, 'target')), 'the embedded server lives in server/')
  t.same(
    tracked.filter((f) => f.startsWith('reports/')).filter((f) => !/^reports\/[a-z-]+\.ts$/.test(f)),
    [],
    'reports/ holds renderer sources only',
  )
  const ignore = readFileSync(join(ROOT, '.gitignore'), 'utf8')
  t.match(ignore, /^\/results\/$/m, 'run output (results/) is ignored')
})

t.test('LAYOUT-05: every file and folder docs/architecture.md names exists', async (t) => {
  const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8')
  const paths = [...doc.matchAll(/`([a-z][a-z0-9-]*\/[A-Za-z0-9./_-]*)`/g)].map((m) => m[1] ?? '').filter((p) => !p.includes('<') && !p.includes('*'))
  t.ok(paths.length > 30, `${paths.length} paths named`)
  for (const p of new Set(paths)) t.ok(existsSync(join(ROOT, p)) || p.startsWith('results/'), `${p} exists`)
})
