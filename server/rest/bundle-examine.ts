// A batch or transaction Bundle's entries validated and prepared on a preparing thread
// (server/bulk/prepare-pool.ts) while the main thread, the database's one writer, stores others.
// The thread parses the Bundle's text itself; the main thread, which parsed it too, finds each
// entry's examination by the entry's resource object (`examined`), and write() in repository.ts
// uses it instead of validating and preparing there. A resource a handler copies (a create's new
// id, a transaction's rewritten reference) is a different object: it misses, and is validated and
// prepared on the main thread as before. No handler changes a request's resource in place.
import { validateResource, type Issue } from '../../lib/validation/validator.js'
import { prepareResource, type PreparedResource } from '../store/prepared.js'
import type { Resource } from '../store/store.js'

/** What a thread made of one entry's resource: every validation issue, and (with an id) its prepared form. */
export interface EntryExamination {
  issues: Issue[]
  prepared?: PreparedResource
  /** Whether the resource references a urn:uuid: (a batch entry may not: bundle.ts). */
  urnReferences: boolean
}

/** Examinations by the resource object they were made for (the main thread's parse of the Bundle). */
export const examined = new WeakMap<object, EntryExamination>()

const WRITES = new Set(['PUT', 'POST'])

/** Each entry's examination, in entry order (null: not a write of a resource); [] when the text is no Bundle. */
export function examineBundleText(text: string): Array<EntryExamination | null> {
  const b = JSON.parse(text) as { resourceType?: unknown; entry?: unknown }
  if (!b || b.resourceType !== 'Bundle' || !Array.isArray(b.entry)) return []
  return b.entry.map((e: { resource?: unknown; request?: { method?: unknown } } | null) => {
    const r = e?.resource
    const method = e?.request?.method
    if (!r || typeof r !== 'object' || Array.isArray(r) || typeof method !== 'string' || !WRITES.has(method.toUpperCase())) return null
    const resource = r as Resource
    const exam: EntryExamination = { issues: validateResource(resource, { requireId: true }), urnReferences: hasUrnReferences(resource) }
    if (typeof resource.id !== 'string') return exam
    try {
      return { ...exam, prepared: prepareResource({ ...resource, id: resource.id }) }
    } catch {
      return exam
    }
  })
}

/** Whether a resource references another by urn:uuid: anywhere. */
export function hasUrnReferences(resource: unknown): boolean {
  return JSON.stringify(resource).includes('"reference":"urn:uuid:')
}

/** Files each examination under its entry's resource in the main thread's parse of the same text. */
export function fileExaminations(body: unknown, exams: Array<EntryExamination | null>) {
  const entries = (body as { entry?: unknown } | undefined)?.entry
  if (!Array.isArray(entries) || entries.length !== exams.length) return
  entries.forEach((e: { resource?: unknown } | null, i) => {
    const exam = exams[i]
    if (exam && e?.resource && typeof e.resource === 'object') examined.set(e.resource, exam)
  })
}
