// `shoreline validate`: a dataset folder, an NDJSON file (optionally gzipped), a Bundle or a single
// resource. Every resource is checked on its own (validator.ts); then references are checked for
// closure across everything read: urn:uuid inside its Bundle, Type/id against every resource seen.
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, join, relative } from 'node:path'
import { InputError, describeSystemError } from '../errors.js'
import { ndjsonLines } from '../ndjson-lines.js'
import { collectReferences, resolveReference } from './closure.js'
import { RULES } from './rules.js'
import { validateLine, validateResource, type Issue } from './validator.js'

export interface LocatedIssue extends Issue {
  where: string
  resource?: string
}

export interface ValidationReport {
  files: number
  resources: number
  invalid: number
  byRule: Record<string, number>
  issues: LocatedIssue[]
  issuesTruncated: number
  skipped: string[]
}

const MAX_ISSUES = 1000

class Collector {
  readonly report: ValidationReport = { files: 0, resources: 0, invalid: 0, byRule: {}, issues: [], issuesTruncated: 0, skipped: [] }
  readonly known = new Set<string>()
  /** Distinct `Type/id` targets not yet seen, with where each was first referenced. */
  readonly pending = new Map<string, { where: string; resource?: string; path: string }>()
  private readonly invalidKeys = new Set<string>()

  add(issue: LocatedIssue, countResource = true) {
    const r = this.report
    r.byRule[issue.rule] = (r.byRule[issue.rule] ?? 0) + 1
    if (countResource) {
      const key = `${issue.where}#${issue.resource ?? ''}`
      if (!this.invalidKeys.has(key)) {
        this.invalidKeys.add(key)
        r.invalid++
      }
    }
    if (r.issues.length < MAX_ISSUES) r.issues.push(issue)
    else r.issuesTruncated++
  }
}

export async function validatePath(path: string, opts: { root?: string } = {}): Promise<ValidationReport> {
  const info = await stat(path).catch((err) => {
    throw new InputError(describeSystemError(err, path) ?? `cannot read ${path}`)
  })
  const c = new Collector()
  const root = opts.root ?? (info.isDirectory() ? path : join(path, '..'))
  const files = info.isDirectory() ? await datasetFiles(path, c) : [path]
  for (const f of files) {
    c.report.files++
    const rel = relative(root, f) || basename(f)
    if (/\.ndjson(\.gz)?$/.test(f)) await validateNdjson(f, rel, c)
    else await validateJsonFile(f, rel, c)
  }
  // Closure: anything referenced as Type/id must have been seen somewhere in what was read.
  for (const [key, at] of c.pending) {
    if (c.known.has(key)) continue
    c.add({ rule: RULES.referenceUnresolved, path: at.path, where: at.where, resource: at.resource, message: `reference \`${key}\` does not resolve in what was validated` })
  }
  return c.report
}

/** A dataset folder: ndjson/ and bundles/ (invalid/ is deliberately broken and is skipped). */
async function datasetFiles(dir: string, c: Collector): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const names = new Set(entries.map((e) => e.name))
  const out: string[] = []
  if (names.has('ndjson') || names.has('bundles')) {
    for (const sub of ['ndjson', 'bundles']) {
      if (!names.has(sub)) continue
      for (const f of (await readdir(join(dir, sub))).sort()) if (/\.(ndjson(\.gz)?|json)$/.test(f)) out.push(join(dir, sub, f))
    }
    if (names.has('invalid')) c.report.skipped.push('invalid/ (the labelled invalid corpus; validate it on its own)')
    return out
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.isFile() && /\.(ndjson(\.gz)?|json)$/.test(e.name) && e.name !== 'manifest.json' && e.name !== 'labels.json' && e.name !== 'run.json') out.push(join(dir, e.name))
  }
  if (out.length === 0) throw new InputError(`${dir}: no .ndjson or .json files to validate`)
  return out
}

async function validateNdjson(file: string, rel: string, c: Collector) {
  for await (const { line, lineNo } of ndjsonLines(file, rel)) {
    c.report.resources++
    const where = `${rel}:${lineNo}`
    const { resource, issues } = validateLine(line)
    const key = resource && resource.id !== undefined ? `${resource.resourceType}/${resource.id}` : resource ? String(resource.resourceType) : undefined
    if (resource && typeof resource.id === 'string') c.known.add(key!)
    for (const i of issues) c.add({ ...i, where, resource: key })
    if (resource) noteReferences(resource, where, key, c)
  }
}

async function validateJsonFile(file: string, rel: string, c: Collector) {
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'))
  } catch (err) {
    c.report.resources++
    c.add({ rule: RULES.json, where: rel, message: `not JSON: ${(err as Error).message}` })
    return
  }
  const obj = parsed as Record<string, unknown>
  if (obj && obj.resourceType === 'Bundle' && Array.isArray(obj.entry)) return validateBundle(obj, rel, c)
  c.report.resources++
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    c.add({ rule: RULES.json, where: rel, message: 'a resource must be a JSON object' })
    return
  }
  const key = obj.id !== undefined ? `${obj.resourceType}/${obj.id}` : String(obj.resourceType)
  if (typeof obj.id === 'string') c.known.add(key)
  for (const i of validateResource(obj, { requireId: false })) c.add({ ...i, where: rel, resource: key })
  noteReferences(obj, rel, key, c)
}

/** Entries are validated as resources; urn:uuid references must resolve to a fullUrl in the Bundle. */
function validateBundle(bundle: Record<string, unknown>, rel: string, c: Collector) {
  const entries = bundle.entry as Array<Record<string, unknown>>
  const type = String(bundle.type)
  const fullUrls = new Set<string>()
  for (const e of entries) if (typeof e.fullUrl === 'string') fullUrls.add(e.fullUrl)
  // The Bundle itself without its entries; each entry's resource is judged on its own below.
  const { entry: _entries, ...shell } = bundle
  for (const i of validateResource(shell, { requireId: false })) c.add({ ...i, where: rel, resource: 'Bundle' })
  entries.forEach((e, n) => {
    const where = `${rel}#entry[${n}]`
    const r = e.resource as Record<string, unknown> | undefined
    c.report.resources++
    if (!r || typeof r !== 'object') {
      c.add({ rule: RULES.structure, where, message: '`entry.resource` is missing' })
      return
    }
    const req = e.request as { method?: string; url?: string } | undefined
    const putUrl = req?.method === 'PUT' && typeof req.url === 'string' && !req.url.includes('?') ? req.url : undefined
    const key = typeof r.id === 'string' ? `${r.resourceType}/${r.id}` : putUrl
    if (key) c.known.add(key)
    if ((type === 'transaction' || type === 'batch') && !req)
      c.add({ rule: RULES.requiredElement, where, resource: key, message: `\`entry.request\` is required in a ${type} Bundle` })
    for (const i of validateResource(r, { requireId: false })) c.add({ ...i, where, resource: key })
    for (const ref of collectReferences(r, String(r.resourceType))) {
      if (ref.reference.startsWith('urn:uuid:')) {
        if (resolveReference(ref.reference, c.known, fullUrls) === 'unresolved') {
          c.add({ rule: RULES.referenceUnresolved, path: ref.path, where, resource: key, message: `reference \`${ref.reference}\` matches no fullUrl in the Bundle` })
        }
      } else note(ref.reference, ref.path, where, key, c)
    }
  })
}

function noteReferences(resource: Record<string, unknown>, where: string, key: string | undefined, c: Collector) {
  for (const ref of collectReferences(resource, String(resource.resourceType))) {
    if (ref.reference.startsWith('urn:uuid:')) {
      c.add({ rule: RULES.referenceUnresolved, path: ref.path, where, resource: key, message: `reference \`${ref.reference}\` outside a Bundle cannot resolve` })
    } else note(ref.reference, ref.path, where, key, c)
  }
}

function note(reference: string, path: string, where: string, resource: string | undefined, c: Collector) {
  const always = { has: () => true }
  const verdict = resolveReference(reference, always)
  if (verdict === 'not-judged') return
  if (verdict === 'unresolved') {
    c.add({ rule: RULES.referenceUnresolved, path, where, resource, message: `reference \`${reference}\` is not a valid literal reference` })
    return
  }
  const key = reference.split('/').slice(0, 2).join('/')
  if (!c.known.has(key) && !c.pending.has(key)) c.pending.set(key, { where, resource, path })
}
