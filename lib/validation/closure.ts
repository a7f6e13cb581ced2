// Reference closure: every literal reference resolves to a resource in the dataset (Type/id) or,
// inside a Bundle, to an entry's fullUrl (urn:uuid:…). Conditional references (Type?query) are
// the server's to resolve, absolute URLs point outside the dataset, and #id points at contained
// resources; those are not judged here.

const REL = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[A-Za-z0-9\-.]{1,64})?$/

/**
 * Every `reference` string in a resource, with its path (built only for what is found), or only
 * those `keep` accepts: a caller that wants the few that fail builds no path for the rest.
 */
export function collectReferences(value: unknown, path: string, out: Array<{ path: string; reference: string }> = [], keep?: (reference: string) => boolean) {
  const stack: Array<string | number> = []
  const visit = (v: unknown) => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        if (typeof v[i] !== 'object' || v[i] === null) continue
        stack.push(i)
        visit(v[i])
        stack.pop()
      }
      return
    }
    if (!v || typeof v !== 'object') return
    const obj = v as Record<string, unknown>
    for (const k in obj) {
      const x = obj[k]
      if (k === 'reference' && typeof x === 'string') {
        if (keep && !keep(x)) continue
        out.push({ path: path + stack.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('') + '.reference', reference: x })
      } else if (typeof x === 'object' && x !== null) {
        stack.push(k)
        visit(x)
        stack.pop()
      }
    }
  }
  visit(value)
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
