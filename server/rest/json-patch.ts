// JSON Patch (RFC 6902) for FHIR PATCH: add, remove, replace, move, copy, test on a copy of the
// resource; any failed operation is a 422 and changes nothing.
import { OutcomeError } from '../../lib/outcomes.js'

type Json = unknown

const fail = (message: string) => new OutcomeError(422, 'processing', `JSON Patch: ${message}`)

function parsePointer(pointer: unknown): string[] {
  if (typeof pointer !== 'string' || (pointer !== '' && !pointer.startsWith('/'))) throw fail(`bad path ${JSON.stringify(pointer)}`)
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

function parentOf(doc: Json, path: string[]): { parent: Record<string, Json> | Json[]; key: string } {
  let node: Json = doc
  for (const seg of path.slice(0, -1)) {
    if (Array.isArray(node)) node = node[Number(seg)]
    else if (node && typeof node === 'object') node = (node as Record<string, Json>)[seg]
    else node = undefined
    if (node === undefined) throw fail(`path /${path.join('/')} does not exist`)
  }
  if (!node || typeof node !== 'object') throw fail(`path /${path.join('/')} does not exist`)
  return { parent: node as Record<string, Json> | Json[], key: path[path.length - 1] ?? '' }
}

function get(doc: Json, path: string[]): Json {
  let node = doc
  for (const seg of path) {
    if (Array.isArray(node)) node = node[Number(seg)]
    else if (node && typeof node === 'object') node = (node as Record<string, Json>)[seg]
    else return undefined
  }
  return node
}

function index(arr: Json[], key: string, forAdd: boolean): number {
  if (forAdd && key === '-') return arr.length
  if (!/^(0|[1-9]\d*)$/.test(key)) throw fail(`bad array index ${key}`)
  const i = Number(key)
  if (i > arr.length || (!forAdd && i >= arr.length)) throw fail(`array index ${key} out of range`)
  return i
}

function add(doc: Json, path: string[], value: Json) {
  if (path.length === 0) throw fail('cannot replace the whole resource')
  const { parent, key } = parentOf(doc, path)
  if (Array.isArray(parent)) parent.splice(index(parent, key, true), 0, value)
  else parent[key] = value
}

function remove(doc: Json, path: string[]): Json {
  if (path.length === 0) throw fail('cannot remove the whole resource')
  const { parent, key } = parentOf(doc, path)
  if (Array.isArray(parent)) return parent.splice(index(parent, key, false), 1)[0]
  if (!(key in parent)) throw fail(`path /${path.join('/')} does not exist`)
  const old = parent[key]
  delete parent[key]
  return old
}

export function applyJsonPatch(resource: Json, ops: unknown[], opts: { skipTests?: boolean } = {}): Json {
  const doc = structuredClone(resource)
  for (const raw of ops) {
    const op = raw as { op?: string; path?: string; from?: string; value?: Json }
    const path = parsePointer(op.path)
    switch (op.op) {
      case 'add':
        add(doc, path, structuredClone(op.value))
        break
      case 'remove':
        remove(doc, path)
        break
      case 'replace':
        remove(doc, path)
        add(doc, path, structuredClone(op.value))
        break
      case 'move':
        add(doc, path, remove(doc, parsePointer(op.from)))
        break
      case 'copy':
        add(doc, path, structuredClone(get(doc, parsePointer(op.from))))
        break
      case 'test':
        if (!opts.skipTests && JSON.stringify(get(doc, path)) !== JSON.stringify(op.value)) throw fail(`test failed at ${op.path}`)
        break
      default:
        throw fail(`unknown op ${JSON.stringify(op.op)}`)
    }
  }
  return doc
}
