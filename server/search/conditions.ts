// One search value → an SQL condition on its index table, per parameter type, with FHIR's
// prefixes (eq, ne, gt, lt, ge, le, sa, eb, ap) over the ranges a value's precision implies
// (hl7.org/fhir/R4/search.html §3.1.1.4).
import type { SearchParam } from './registry.js'
import { dateRange, normalizeString, numberRangeFromText } from './index-values.js'
import { SearchError } from './search-error.js'
import type { Opts } from './query.js'

export interface Condition {
  sql: string
  args: unknown[]
}

export function valueCondition(def: SearchParam, modifier: string | undefined, v: string, opts: Opts): Condition {
  const faults = opts.faults
  switch (def.type) {
    case 'string': {
      if (modifier === 'exact') return { sql: 'exact = ?', args: [v] }
      const n = normalizeString(v)
      if (!modifier && faults?.has('search-string-exact-only')) return { sql: 'norm = ?', args: [n] }
      if (modifier === 'contains' && faults?.has('search-contains-as-prefix')) return { sql: 'norm >= ? AND norm < ?', args: [n, n + '\uffff'] }
      if (modifier === 'contains') return { sql: "norm LIKE ? ESCAPE '\\'", args: [`%${n.replace(/[\\%_]/g, (c) => '\\' + c)}%`] }
      if (modifier) throw new SearchError(`modifier \`:${modifier}\` is not supported on string parameter \`${def.code}\``)
      // search-string-case-sensitive: the prefix is compared on the exact (case-kept) value.
      if (faults?.has('search-string-case-sensitive')) return { sql: 'exact >= ? AND exact < ?', args: [v, v + '\uffff'] }
      return { sql: 'norm >= ? AND norm < ?', args: [n, n + '\uffff'] }
    }
    case 'token': {
      if (modifier === 'text') return { sql: "text LIKE ? ESCAPE '\\'", args: [`%${v.replace(/[\\%_]/g, (c) => '\\' + c)}%`] }
      if (modifier && modifier !== 'not') throw new SearchError(`modifier \`:${modifier}\` is not supported on token parameter \`${def.code}\``)
      const bar = v.indexOf('|')
      if (bar > 0 && faults?.has('search-token-system-ignored')) return { sql: 'value_ci = ?', args: [v.slice(bar + 1).toLowerCase()] }
      if (bar < 0) return { sql: 'value_ci = ?', args: [v.toLowerCase()] }
      const system = v.slice(0, bar)
      const code = v.slice(bar + 1)
      // value_ci leads the index (type, code, value_ci, system); the exact value is checked after.
      if (system === '') return { sql: 'value_ci = ? AND system IS NULL AND value = ?', args: [code.toLowerCase(), code] }
      if (code === '') return { sql: 'system = ?', args: [system] }
      return { sql: 'value_ci = ? AND system = ? AND value = ?', args: [code.toLowerCase(), system, code] }
    }
    case 'date':
      return dateCondition(faults?.has('search-prefix-ignored') ? v.replace(/^(ne|gt|lt|ge|le|sa|eb|ap)/, '') : v, 'lo', 'hi', opts.now)
    case 'reference': {
      if (modifier && modifier !== 'not' && !/^[A-Z][A-Za-z]+$/.test(modifier))
        throw new SearchError(`modifier \`:${modifier}\` is not supported on reference parameter \`${def.code}\``)
      const typed = modifier && /^[A-Z]/.test(modifier) ? modifier : undefined
      const m = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(v)
      if (/^https?:/.test(v) && faults?.has('search-reference-url-ignored')) return { sql: 'url = ?', args: [v] }
      if (/^https?:/.test(v)) return { sql: '(url = ? OR (target_type = ? AND target_id = ?))', args: [v, m?.[1] ?? null, m?.[2] ?? null] }
      if (m) return { sql: 'target_type = ? AND target_id = ?', args: [m[1], m[2]] }
      if (typed) return { sql: 'target_type = ? AND target_id = ?', args: [typed, v] }
      return { sql: 'target_id = ?', args: [v] }
    }
    case 'quantity': {
      const [numberPart = '', system, code] = v.split('|')
      const c = numberCondition(faults?.has('search-prefix-ignored') ? numberPart.replace(/^(ne|gt|lt|ge|le|sa|eb|ap)/, '') : numberPart)
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
    case 'uri': {
      // search-canonical-version-ignored: a url|version is searched as the url alone.
      const u = faults?.has('search-canonical-version-ignored') && v.includes('|') ? v.slice(0, v.indexOf('|')) : v
      if (modifier === 'below' || (!modifier && faults?.has('search-uri-prefix'))) return { sql: 'value >= ? AND value < ?', args: [u, u + '\uffff'] }
      return { sql: 'value = ?', args: [u] }
    }
    default:
      throw new SearchError(`search on \`${def.code}\` is not supported`)
  }
}

const PREFIX = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(.+)$/

/** Date prefixes over ranges: the target [lo, hi) against the search value's range [a, b). */
export function dateCondition(v: string, lo: string, hi: string, now = Date.now()): Condition {
  const m = PREFIX.exec(v)
  if (!m) throw new SearchError('a date search value is empty')
  const prefix = m[1] ?? 'eq'
  const value = m[2] ?? ''
  const r = dateRange(value)
  if (!r) throw new SearchError(`\`${value}\` is not a FHIR date, dateTime or instant`)
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
  const m = PREFIX.exec(v)
  if (!m) throw new SearchError('a number search value is empty')
  const prefix = m[1] ?? 'eq'
  const value = m[2] ?? ''
  const n = Number(value)
  if (!Number.isFinite(n)) throw new SearchError(`\`${value}\` is not a number`)
  const { lo: a, hi: b } = numberRangeFromText(value)
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
