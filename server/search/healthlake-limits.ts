// The search subset HealthLake documents (the `healthlake-search` variant; developer guide, "FHIR
// search parameters"): the modifiers :above, :in, :not-in, :of-type and :[type] are not supported,
// nor the `ap` prefix; `_sort` takes at most 5 keys and no nested elements; `_elements` is not
// combined with `_summary`; a chain or _has matching more than 100 at any level fails (server/search/
// query.ts chainLimit). Each is refused with 400, as R4 asks of unsupported modifiers.
import { SearchError } from './search-error.js'

const MODIFIERS = new Set(['above', 'in', 'not-in', 'of-type'])
export const MAX_SORT_KEYS = 5
/** Results a chain or _has may match at any level (the search fails past it). */
export const MAX_CHAIN_RESULTS = 100

export function refuseUnsupported(params: URLSearchParams): void {
  for (const [name, value] of params) {
    if (name.startsWith('_has') || name.startsWith('_include') || name.startsWith('_revinclude')) continue
    // The modifier of the first link: `code:in`, `subject:Patient`, `subject:Patient.name` (a typed chain).
    const modifier = name.split('.')[0]?.split(':')[1]
    if (modifier && (MODIFIERS.has(modifier) || /^[A-Z]/.test(modifier))) throw new SearchError(`the modifier \`:${modifier}\` is not supported (\`${name}\`)`)
    if (!name.startsWith('_') && value.split(',').some((v) => /^ap\d/.test(v))) throw new SearchError(`the prefix \`ap\` is not supported (\`${name}=${value}\`)`)
    if (name === '_sort') {
      const keys = value.split(',').filter(Boolean)
      if (keys.length > MAX_SORT_KEYS) throw new SearchError(`\`_sort\` takes at most ${MAX_SORT_KEYS} keys, got ${keys.length}`)
      if (keys.some((k) => k.includes('.'))) throw new SearchError(`\`_sort\` does not take nested elements, got \`${value}\``)
    }
  }
  if (params.has('_elements') && params.has('_summary')) throw new SearchError('`_elements` cannot be combined with `_summary`')
}
