// _summary and _elements: what is kept of a resource, from the R4 element table.
import { elementTable } from '../../lib/validation/element-walk.js'
import { cut } from '../../lib/text.js'
import type { Resource } from '../store/store.js'

/**
 * _summary and _elements (R4 search §3.1.1.5.7–8): keep the summary, text, data or the listed
 * elements, plus resourceType, id and meta; mark the result SUBSETTED.
 */
export function subset(r: Resource, summary?: string, elements?: string[]): Resource {
  if (summary === 'false' && !elements) return r
  let keep: (key: string) => boolean
  if (elements) {
    const wanted = new Set(elements.map((e) => cut(e, '.')[0].trim()))
    keep = (k) => wanted.has(k) || wanted.has(k.replace(/[A-Z].*$/, '') + '[x]') || [...wanted].some((w) => k.startsWith(w) && /^[A-Z]/.test(k.slice(w.length)))
  } else if (summary === 'true') {
    const listed = new Set(elementTable().summary[r.resourceType] ?? [])
    keep = (k) => listed.has(k) || [...listed].some((w) => w.endsWith('[x]') && k.startsWith(w.slice(0, -3)) && /^[A-Z]/.test(k.slice(w.length - 3)))
  } else if (summary === 'text') {
    const mandatory = Object.entries(elementTable().elements[r.resourceType] ?? {})
      .filter(([, row]) => row[0] > 0)
      .map(([k]) => k)
    keep = (k) => k === 'text' || mandatory.includes(k)
  } else if (summary === 'data') keep = (k) => k !== 'text'
  else return r
  const out: Resource = { resourceType: r.resourceType, id: r.id }
  const meta = { ...((r.meta as Record<string, unknown>) ?? {}) }
  meta.tag = [
    ...((meta.tag as unknown[]) ?? []),
    { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED', display: 'Resource encoded in summary mode' },
  ]
  out.meta = meta
  for (const [k, v] of Object.entries(r)) if (k !== 'resourceType' && k !== 'id' && k !== 'meta' && keep(k)) out[k] = v
  return out
}
