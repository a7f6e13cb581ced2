// FHIR search → SQL over the index tables (hl7.org/fhir/R4/search.html). Each parameter becomes
// an `rid IN (…)` (or `NOT IN` for :not) subquery on its type's index table; comma-separated
// values OR together, repeated parameters AND. Results are ordered by lastUpdated then id, so
// paging is stable.
import { paramsFor, type SearchParam } from './registry.js'
import type { Faults } from '../faults/catalogue.js'
import { dateCondition, valueCondition } from './conditions.js'
import { SearchError } from './search-error.js'
import { PID } from '../store/schema.js'

export { SearchError }

export interface Include {
  /** `_include` (follow this type's reference) or `_revinclude` (resources that point here). */
  kind: 'include' | 'revinclude'
  sourceType: string
  param: string
  targetType?: string
  iterate: boolean
}

export interface SortKey {
  sql: string
  args: unknown[]
  desc: boolean
}

/**
 * A criterion as `rid IN (sub)`; simple ones also as a correlated EXISTS, so the executor can drive
 * the query from the most selective criterion and check the others per row.
 */
export interface Criterion {
  sql: string
  args: unknown[]
  /** `SELECT rid FROM sp_x WHERE …` (absent for :not, :missing, chains, _has, _lastUpdated). */
  sub?: string
  /** The same test as EXISTS on the row `r` (same args). */
  exists?: string
}

export interface ParsedSearch {
  where: string[]
  args: unknown[]
  /** The criteria behind `where`, in query order. */
  criteria: Criterion[]
  count: number
  offset: number
  total: 'accurate' | 'none'
  summary?: 'count' | 'true' | 'data' | 'text' | 'false'
  elements?: string[]
  sort: SortKey[]
  includes: Include[]
  /** Parameters the server did not understand (ignored unless strict handling). */
  ignored: string[]
  /** Set when `_count` asked for more than the server's maximum page. */
  cappedCount?: number
}

export const SEARCH_DEFAULTS = { count: 20, maxCount: 1000 }

const CONTROL = new Set([
  '_count',
  '_offset',
  '_total',
  '_summary',
  '_format',
  '_sort',
  '_elements',
  '_include',
  '_revinclude',
  '_include:iterate',
  '_revinclude:iterate',
  '_include:recurse',
  '_revinclude:recurse',
])

export interface Opts {
  strict: boolean
  maxCount?: number
  /** A `_count` over maxCount: capped (with a warning), or refused as invalid, as HealthLake does; `refuse` also refuses `_count=0`. */
  countOverMax?: 'cap' | 'refuse'
  now?: number
  /** Faults that change search semantics (server/faults/catalogue.ts). */
  faults?: Faults
  /**
   * HealthLake's chain limit (healthlake-search variant): a chain or _has whose inner search matches
   * more than `max` resources at any level fails; `count` counts the rows of an inner query.
   */
  chainLimit?: { max: number; count: (sql: string, args: unknown[]) => number }
}

export function parseSearch(type: string, params: URLSearchParams, opts: Opts): ParsedSearch {
  const out: ParsedSearch = { where: [], args: [], criteria: [], count: SEARCH_DEFAULTS.count, offset: 0, total: 'accurate', sort: [], includes: [], ignored: [] }
  for (const [rawName, rawValue] of params) {
    if (CONTROL.has(rawName)) {
      control(out, type, rawName, rawValue, opts)
      continue
    }
    // A parameter with no value says nothing to filter on; it is ignored like an unknown one.
    if (rawValue === '') {
      out.ignored.push(rawName)
      continue
    }
    // search-extra-params-dropped: only the first filtering parameter counts.
    if (opts.faults?.has('search-extra-params-dropped') && out.criteria.length > 0 && !rawName.startsWith('_')) continue
    const c = criterion(type, rawName, rawValue, 'r', 0, opts)
    if (!c) {
      if (opts.strict) throw new SearchError(`unknown search parameter \`${rawName}\` for ${type}`)
      out.ignored.push(rawName)
      continue
    }
    out.where.push(c.sql)
    out.args.push(...c.args)
    out.criteria.push(c)
  }
  if (out.summary === 'count' && !opts.faults?.has('search-summary-count-ignored')) out.count = 0
  return out
}

function control(out: ParsedSearch, type: string, name: string, value: string, opts: Opts) {
  const whole = (label: string) => {
    const n = Number(value)
    if (!Number.isSafeInteger(n) || n < 0) throw new SearchError(`\`${label}\` must be a whole number, got ${JSON.stringify(value)}`)
    return n
  }
  if (name === '_count') {
    const asked = whole('_count')
    const max = opts.maxCount ?? SEARCH_DEFAULTS.maxCount
    if (opts.countOverMax === 'refuse' && (asked > max || asked === 0)) throw new SearchError(`\`_count\` must be between 1 and ${max}, got ${asked}`)
    out.count = Math.min(asked, max)
    if (asked > out.count) out.cappedCount = asked
    if (out.count === 0) out.summary = 'count'
  } else if (name === '_offset') out.offset = whole('_offset')
  else if (name === '_total') {
    if (value !== 'accurate' && value !== 'none') throw new SearchError(`\`_total\` must be accurate or none, got ${JSON.stringify(value)}`)
    out.total = value
  } else if (name === '_summary') {
    if (!['count', 'true', 'data', 'text', 'false'].includes(value)) throw new SearchError(`\`_summary\` must be true, false, count, data or text, got ${JSON.stringify(value)}`)
    out.summary = value as ParsedSearch['summary']
  } else if (name === '_elements')
    out.elements = value
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean)
  else if (name === '_sort')
    out.sort.push(
      ...value
        .split(',')
        .filter(Boolean)
        .map((k) => sortKey(type, k, opts)),
    )
  else if (name.startsWith('_include') || name.startsWith('_revinclude')) {
    const [sourceType = '', param = '', targetType] = value.split(':')
    const kind = name.startsWith('_include') ? 'include' : 'revinclude'
    if (value === '*') {
      for (const p of paramsFor(type).values()) if (p.type === 'reference') out.includes.push({ kind: 'include', sourceType: type, param: p.code, iterate: name.includes(':') })
      return
    }
    const defs = sourceType ? paramsFor(sourceType) : undefined
    if (!defs || defs.get(param)?.type !== 'reference') throw new SearchError(`\`${name}=${value}\`: ${sourceType}:${param} is not a reference search parameter`)
    out.includes.push({ kind, sourceType, param, targetType, iterate: name.includes(':') })
  }
}

/** `-date` → ORDER BY the earliest (ascending) or latest (descending) indexed value. */
function sortKey(type: string, key: string, opts: Opts): SortKey {
  const desc = key.startsWith('-')
  const name = desc ? key.slice(1) : key
  if (name === '_id') return { sql: 'r.id', args: [], desc }
  if (name === '_lastUpdated') return { sql: 'r.last_updated_ms', args: [], desc }
  const def = paramsFor(type).get(name)
  if (!def) {
    if (opts.strict) throw new SearchError(`cannot sort by unknown parameter \`${name}\` for ${type}`)
    return { sql: 'NULL', args: [], desc }
  }
  const agg = desc ? 'max' : 'min'
  const column: Partial<Record<SearchParam['type'], string>> = {
    date: desc ? 'hi' : 'lo',
    string: 'norm',
    token: 'value_ci',
    number: 'value',
    quantity: 'value',
    uri: 'value',
    reference: 'url',
  }
  const table = TABLE[def.type]
  if (!table || !column[def.type]) throw new SearchError(`cannot sort by \`${name}\` (${def.type})`)
  const pid = pidTest(type, def)
  return { sql: `(SELECT ${agg}(${column[def.type]}) FROM ${table} s INDEXED BY ${table}_r WHERE s.rid = r.rid AND s.pid ${pid.sql})`, args: pid.args, desc }
}

/**
 * The type test on the resources row `alias`: `alias.type = ?`, or `+alias.type = ?` when a
 * criterion hands over the matching rows' keys (`alias.rid IN (…)`). The unary plus keeps SQLite
 * from walking the type's index and testing each row against the list: it looks each key up
 * instead, a few rows rather than every resource of the type.
 */
export function typeTest(alias: string, criteria: Array<{ sql: string }>): string {
  return criteria.some((c) => c.sql.startsWith(`${alias}.rid IN (`)) ? `+${alias}.type = ?` : `${alias}.type = ?`
}

/** Refuses a chain level whose inner search matches more than the limit (healthlake-search). */
function limitChain(opts: Opts, rawName: string, sql: string, args: unknown[]) {
  const l = opts.chainLimit
  if (!l) return
  const n = l.count(`SELECT count(*) FROM (${sql} LIMIT ${l.max + 1})`, args)
  if (n > l.max) throw new SearchError(`\`${rawName}\`: a chained or _has search may match at most ${l.max} resources at each level; this one matches more`)
}

/**
 * One search parameter as SQL on `alias` (a row of resources). Handles chains (`patient.name`,
 * `subject:Patient.name`), reverse chains (`_has:Type:param:criterion`), `_id`, `_lastUpdated`
 * and every typed parameter; undefined when the parameter is unknown.
 */
function criterion(type: string, rawName: string, rawValue: string, alias: string, depth: number, opts: Opts): Criterion | undefined {
  if (depth > 4) throw new SearchError(`\`${rawName}\`: chains are limited to 4 links`)
  if (opts.faults?.has('search-chain-ignored') && (rawName.startsWith('_has:') || rawName.includes('.'))) return { sql: '1 = 1', args: [] }
  if (rawName.startsWith('_has:')) {
    const [, hasType, refParam = '', ...rest] = rawName.split(':')
    const inner = rest.join(':')
    const refDef = hasType && paramsFor(hasType).get(refParam)
    if (!refDef || refDef.type !== 'reference' || !inner) throw new SearchError(`\`${rawName}\` is not a valid _has parameter`)
    const next = `h${depth}`
    const c = criterion(hasType, inner, rawValue, next, depth + 1, opts)
    if (!c) throw new SearchError(`\`${rawName}\`: ${inner} is not a search parameter of ${hasType}`)
    limitChain(opts, rawName, `SELECT ${next}.id FROM resources ${next} WHERE ${typeTest(next, [c])} AND ${next}.deleted = 0 AND ${c.sql}`, [hasType, ...c.args])
    return {
      sql: `${alias}.id IN (SELECT ref.target_id FROM sp_reference ref WHERE ref.pid = ${PID} AND ref.target_type = ? AND ref.rid IN (SELECT ${next}.rid FROM resources ${next} WHERE ${typeTest(next, [c])} AND ${next}.deleted = 0 AND ${c.sql}))`,
      args: [hasType, refParam, type, hasType, ...c.args],
    }
  }
  const dot = rawName.indexOf('.')
  if (dot > 0) {
    const [refName, typed] = rawName.slice(0, dot).split(':') as [string, string | undefined]
    const rest = rawName.slice(dot + 1)
    const def = paramsFor(type).get(refName)
    if (!def || def.type !== 'reference') return undefined
    const targets = typed ? [typed] : (def.target ?? []).filter((t) => criterionExists(t, rest))
    if (targets.length === 0) throw new SearchError(`\`${rawName}\`: no target of ${refName} has a parameter ${rest}`)
    const next = `c${depth}`
    const ors: Criterion[] = targets.map((t) => {
      const c = criterion(t, rest, rawValue, next, depth + 1, opts)
      if (!c) throw new SearchError(`\`${rawName}\`: ${rest} is not a search parameter of ${t}`)
      limitChain(opts, rawName, `SELECT ${next}.id FROM resources ${next} WHERE ${typeTest(next, [c])} AND ${next}.deleted = 0 AND ${c.sql}`, [t, ...c.args])
      return {
        sql: `(ref.target_type = ? AND ref.target_id IN (SELECT ${next}.id FROM resources ${next} WHERE ${typeTest(next, [c])} AND ${next}.deleted = 0 AND ${c.sql}))`,
        args: [t, t, ...c.args],
      }
    })
    return {
      sql: `${alias}.rid IN (SELECT ref.rid FROM sp_reference ref WHERE ref.pid = ${PID} AND (${ors.map((o) => o.sql).join(' OR ')}))`,
      args: [type, refName, ...ors.flatMap((o) => o.args)],
    }
  }
  const [name, modifier] = rawName.split(':') as [string, string | undefined]
  if (name === '_id') {
    if (modifier && modifier !== 'not') throw new SearchError(`modifier \`:${modifier}\` is not supported on \`_id\``)
    const ids = opts.faults?.has('search-or-first-only') ? splitValues(rawValue).slice(0, 1) : splitValues(rawValue)
    return { sql: `${alias}.id ${modifier === 'not' ? 'NOT IN' : 'IN'} (${ids.map(() => '?').join(', ')})`, args: ids }
  }
  if (name === '_lastUpdated') {
    // meta.lastUpdated is an instant, kept to the millisecond.
    const ors = splitValues(rawValue).map((v) => dateCondition(v, `${alias}.last_updated_ms`, `(${alias}.last_updated_ms + 1)`, opts.now))
    return { sql: `(${ors.map((o) => `(${o.sql})`).join(' OR ')})`, args: ors.flatMap((o) => o.args) }
  }
  const def = paramsFor(type).get(name)
  if (!def) return undefined
  return paramClause(type, def, modifier, rawValue, alias, opts)
}

function criterionExists(type: string, rest: string): boolean {
  const first = rest.split(/[.:]/)[0] ?? ''
  return first === '_has' || first === '_lastUpdated' || paramsFor(type).has(first)
}

/** Splits on commas not escaped with a backslash (R4 search §3.1.1.5). */
function splitValues(value: string): string[] {
  return value.split(/(?<!\\),/).map((v) => v.replace(/\\([,$|\\])/g, '$1'))
}

function paramClause(type: string, def: SearchParam, modifier: string | undefined, raw: string, alias: string, opts: Opts): Criterion {
  if (modifier === 'not' && opts.faults?.has('search-not-modifier-ignored')) modifier = undefined
  const table = TABLE[def.type]
  if (!table) throw new SearchError(`search on \`${def.code}\` (${def.type}) is not supported`)
  if (modifier === 'missing') {
    if (raw !== 'true' && raw !== 'false') throw new SearchError(`\`${def.code}:missing\` takes true or false`)
    if (opts.faults?.has('search-missing-ignored')) return { sql: '1 = 1', args: [] }
    const pid = pidTest(type, def)
    return { sql: `${alias}.rid ${raw === 'true' ? 'NOT IN' : 'IN'} (SELECT rid FROM ${table} WHERE pid ${pid.sql})`, args: pid.args }
  }
  const values = splitValues(raw)
  const ors = (opts.faults?.has('search-or-first-only') ? values.slice(0, 1) : values).map((v) => valueCondition(def, modifier, v, opts))
  const conds = ors.map((o) => `(${o.sql})`).join(' OR ')
  const pid = pidTest(type, def)
  const sub = `SELECT rid FROM ${table} WHERE pid ${pid.sql} AND (${conds})`
  const args = [...pid.args, ...ors.flatMap((o) => o.args)]
  if (modifier === 'not') return { sql: `${alias}.rid NOT IN (${sub})`, args }
  return {
    sql: `${alias}.rid IN (${sub})`,
    args,
    sub,
    exists: `EXISTS (SELECT 1 FROM ${table} x INDEXED BY ${table}_r WHERE x.pid ${pid.sql} AND x.rid = ${alias}.rid AND (${conds}))`,
  }
}

/**
 * The test of an index row's pid for a parameter, and its arguments: its own pid, or those of the
 * parameters whose rows hold its values (SearchParam.storedAs).
 */
function pidTest(type: string, def: SearchParam): { sql: string; args: string[] } {
  const codes = def.storedAs
  if (!codes) return { sql: `= ${PID}`, args: [type, def.code] }
  return { sql: `IN (SELECT pid FROM params WHERE type = ? AND code IN (${codes.map(() => '?').join(', ')}))`, args: [type, ...codes] }
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
