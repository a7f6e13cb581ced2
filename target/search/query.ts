// FHIR search → SQL over the index tables (hl7.org/fhir/R4/search.html). Each parameter becomes
// an `id IN (…)` (or `NOT IN` for :not) subquery on its type's index table; comma-separated
// values OR together, repeated parameters AND. Results are ordered by lastUpdated then id, so
// paging is stable.
import { paramsFor, type SearchParam } from './registry.js'
import { dateRange, normalizeString, numberRange } from './index-values.js'

export class SearchError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message)
  }
}

export interface ParsedSearch {
  where: string[]
  args: unknown[]
  count: number
  offset: number
  total: 'accurate' | 'none'
  summaryCount: boolean
  /** Parameters the server did not understand (ignored unless strict handling). */
  ignored: string[]
}

export const SEARCH_DEFAULTS = { count: 20, maxCount: 1000 }

const CONTROL = new Set(['_count', '_offset', '_total', '_summary', '_format', '_sort', '_elements', '_include', '_revinclude'])

export function parseSearch(type: string, params: URLSearchParams, opts: { strict: boolean; maxCount?: number; now?: number }): ParsedSearch {
  const out: ParsedSearch = { where: [], args: [], count: SEARCH_DEFAULTS.count, offset: 0, total: 'accurate', summaryCount: false, ignored: [] }
  const defs = paramsFor(type)
  for (const [rawName, rawValue] of params) {
    if (CONTROL.has(rawName)) {
      control(out, rawName, rawValue, opts.maxCount ?? SEARCH_DEFAULTS.maxCount)
      continue
    }
    const [name, modifier] = rawName.split(':') as [string, string | undefined]
    if (name === '_lastUpdated') {
      // meta.lastUpdated is an instant, kept to the millisecond.
      const ors = rawValue.split(',').map((v) => dateCondition(v, 'r.last_updated_ms', '(r.last_updated_ms + 1)', opts.now))
      clause(out, `(${ors.map((o) => `(${o.sql})`).join(' OR ')})`, ors.flatMap((o) => o.args))
      continue
    }
    const def = defs.get(name)
    if (!def) {
      if (opts.strict) throw new SearchError(`unknown search parameter \`${rawName}\` for ${type}`)
      out.ignored.push(rawName)
      continue
    }
    paramClause(out, type, def, modifier, rawValue, opts.now)
  }
  return out
}

function control(out: ParsedSearch, name: string, value: string, maxCount: number) {
  if (name === '_count') {
    const n = Number(value)
    if (!Number.isInteger(n) || n < 0) throw new SearchError(`\`_count\` must be a whole number, got ${JSON.stringify(value)}`)
    out.count = Math.min(n, maxCount)
    if (n === 0) out.summaryCount = true
  } else if (name === '_offset') {
    const n = Number(value)
    if (!Number.isInteger(n) || n < 0) throw new SearchError(`\`_offset\` must be a whole number, got ${JSON.stringify(value)}`)
    out.offset = n
  } else if (name === '_total') {
    if (value !== 'accurate' && value !== 'none') throw new SearchError(`\`_total\` must be accurate or none, got ${JSON.stringify(value)}`)
    out.total = value
  } else if (name === '_summary') {
    if (value === 'count') out.summaryCount = true
  }
}

function clause(out: ParsedSearch, sql: string, args: unknown[]) {
  out.where.push(sql)
  out.args.push(...args)
}

/** Splits on commas not escaped with a backslash (R4 search §3.1.1.5). */
function splitValues(value: string): string[] {
  return value.split(/(?<!\\),/).map((v) => v.replace(/\\([,$|\\])/g, '$1'))
}

function paramClause(out: ParsedSearch, type: string, def: SearchParam, modifier: string | undefined, raw: string, now?: number) {
  const values = splitValues(raw)
  if (modifier === 'missing') {
    const table = TABLE[def.type]
    const missing = raw === 'true'
    clause(out, `r.id ${missing ? 'NOT IN' : 'IN'} (SELECT id FROM ${table} WHERE type = ? AND code = ?)`, [type, def.code])
    return
  }
  const table = TABLE[def.type]
  if (!table) throw new SearchError(`search on \`${def.code}\` (${def.type}) is not supported`)
  const ors = values.map((v) => valueCondition(def, modifier, v, now))
  const sub = `SELECT id FROM ${table} WHERE type = ? AND code = ? AND (${ors.map((o) => `(${o.sql})`).join(' OR ')})`
  const negate = modifier === 'not'
  clause(out, `r.id ${negate ? 'NOT IN' : 'IN'} (${sub})`, [type, def.code, ...ors.flatMap((o) => o.args)])
}

const TABLE: Partial<Record<SearchParam['type'], string>> = {
  string: 'sp_string',
  token: 'sp_token',
  date: 'sp_date',
  reference: 'sp_reference',
  quantity: 'sp_quantity',
  number: 'sp_number',
  uri: 'sp_uri',
}

interface Condition {
  sql: string
  args: unknown[]
}

function valueCondition(def: SearchParam, modifier: string | undefined, v: string, now?: number): Condition {
  switch (def.type) {
    case 'string': {
      if (modifier === 'exact') return { sql: 'exact = ?', args: [v] }
      const n = normalizeString(v)
      if (modifier === 'contains') return { sql: "norm LIKE ? ESCAPE '\\'", args: [`%${n.replace(/[\\%_]/g, (c) => '\\' + c)}%`] }
      if (modifier) throw new SearchError(`modifier \`:${modifier}\` is not supported on string parameter \`${def.code}\``)
      return { sql: 'norm >= ? AND norm < ?', args: [n, n + '\uffff'] }
    }
    case 'token': {
      if (modifier === 'text') return { sql: "text LIKE ? ESCAPE '\\'", args: [`%${v.replace(/[\\%_]/g, (c) => '\\' + c)}%`] }
      if (modifier && modifier !== 'not') throw new SearchError(`modifier \`:${modifier}\` is not supported on token parameter \`${def.code}\``)
      const bar = v.indexOf('|')
      if (bar < 0) return { sql: 'value_ci = ?', args: [v.toLowerCase()] }
      const system = v.slice(0, bar)
      const code = v.slice(bar + 1)
      if (system === '') return { sql: 'system IS NULL AND value = ?', args: [code] }
      if (code === '') return { sql: 'system = ?', args: [system] }
      return { sql: 'system = ? AND value = ?', args: [system, code] }
    }
    case 'date':
      return dateCondition(v, 'lo', 'hi', now)
    case 'reference': {
      if (modifier && modifier !== 'not' && !/^[A-Z][A-Za-z]+$/.test(modifier)) throw new SearchError(`modifier \`:${modifier}\` is not supported on reference parameter \`${def.code}\``)
      const typed = modifier && /^[A-Z]/.test(modifier) ? modifier : undefined
      const m = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(v)
      if (/^https?:/.test(v)) return { sql: '(url = ? OR (target_type = ? AND target_id = ?))', args: [v, m?.[1] ?? null, m?.[2] ?? null] }
      if (m) return { sql: 'target_type = ? AND target_id = ?', args: [m[1], m[2]] }
      if (typed) return { sql: 'target_type = ? AND target_id = ?', args: [typed, v] }
      return { sql: 'target_id = ?', args: [v] }
    }
    case 'quantity': {
      const [numberPart, system, code] = v.split('|')
      const c = numberCondition(numberPart)
      if (system) {
        c.sql += ' AND system = ?'
        c.args.push(system)
      }
      if (code) {
        c.sql += ' AND unit = ?'
        c.args.push(code)
      }
      return c
    }
    case 'number':
      return numberCondition(v)
    case 'uri':
      if (modifier === 'below') return { sql: 'value >= ? AND value < ?', args: [v, v + '\uffff'] }
      return { sql: 'value = ?', args: [v] }
    default:
      throw new SearchError(`search on \`${def.code}\` is not supported`)
  }
}

const PREFIX = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(.+)$/

/** Date prefixes over ranges: the target [lo, hi) against the search value's range [a, b). */
function dateCondition(v: string, lo: string, hi: string, now = Date.now()): Condition {
  const m = PREFIX.exec(v)!
  const prefix = m[1] ?? 'eq'
  const r = dateRange(m[2])
  if (!r) throw new SearchError(`\`${m[2]}\` is not a FHIR date, dateTime or instant`)
  const { lo: a, hi: b } = r
  switch (prefix) {
    case 'eq':
      return { sql: `${lo} >= ? AND ${hi} <= ?`, args: [a, b] }
    case 'ne':
      return { sql: `NOT (${lo} >= ? AND ${hi} <= ?)`, args: [a, b] }
    case 'gt':
      return { sql: `${hi} > ?`, args: [b] }
    case 'lt':
      return { sql: `${lo} < ?`, args: [a] }
    case 'ge':
      return { sql: `${hi} > ?`, args: [a] }
    case 'le':
      return { sql: `${lo} < ?`, args: [b] }
    case 'sa':
      return { sql: `${lo} >= ?`, args: [b] }
    case 'eb':
      return { sql: `${hi} <= ?`, args: [a] }
    default: {
      // ap: within 10 % of the distance between the value and now (R4 search §3.1.1.4.1.1).
      const d = Math.abs(now - a) * 0.1
      return { sql: `${hi} > ? AND ${lo} < ?`, args: [a - d, b + d] }
    }
  }
}

/** Number and quantity prefixes: the target value against the search value's implicit range. */
function numberCondition(v: string): Condition {
  const m = PREFIX.exec(v)!
  const prefix = m[1] ?? 'eq'
  const n = Number(m[2])
  if (!Number.isFinite(n)) throw new SearchError(`\`${m[2]}\` is not a number`)
  const { lo: a, hi: b } = numberRange(n)
  switch (prefix) {
    case 'eq':
      return { sql: 'value >= ? AND value < ?', args: [a, b] }
    case 'ne':
      return { sql: 'NOT (value >= ? AND value < ?)', args: [a, b] }
    case 'gt':
    case 'sa':
      return { sql: 'value >= ?', args: [b] }
    case 'lt':
    case 'eb':
      return { sql: 'value < ?', args: [a] }
    case 'ge':
      return { sql: 'value >= ?', args: [a] }
    case 'le':
      return { sql: 'value < ?', args: [b] }
    default:
      return { sql: 'value >= ? AND value < ?', args: [n * 0.9, n * 1.1] }
  }
}
