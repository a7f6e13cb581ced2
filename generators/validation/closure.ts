// Reference closure: every literal reference resolves to a resource in the dataset (Type/id) or,
// inside a Bundle, to an entry's fullUrl (urn:uuid:…). Conditional references (Type?query) are
// the server's to resolve, absolute URLs point outside the dataset, and #id points at contained
// resources; those are not judged here.

const REL = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[A-Za-z0-9\-.]{1,64})?$/

/** Every `reference` string in a resource, with its path. */
export function collectReferences(value: unknown, path: string, out: Array<{ path: string; reference: string }> = []) {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) collectReferences(value[i], `${path}[${i}]`, out)
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push({ path: `${path}.reference`, reference: v })
      else if (typeof v === 'object') collectReferences(v, `${path}.${k}`, out)
    }
  }
  return out
}

export type Resolution = 'resolved' | 'unresolved' | 'not-judged'

/** Judges one reference against the known `Type/id` keys and, inside a bundle, its fullUrls. */
export function resolveReference(reference: string, known: { has(key: string): boolean }, fullUrls?: { has(url: string): boolean }): Resolution {
  if (reference.startsWith('urn:uuid:') || reference.startsWith('urn:oid:')) {
    return fullUrls ? (fullUrls.has(reference) ? 'resolved' : 'unresolved') : 'unresolved'
  }
  if (reference.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(reference) || reference.includes('?')) return 'not-judged'
  const m = REL.exec(reference)
  if (!m) return 'unresolved'
  return known.has(`${m[1]}/${m[2]}`) ? 'resolved' : 'unresolved'
}
