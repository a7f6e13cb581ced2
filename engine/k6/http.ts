// `k6/http` under the Shoreline engine: asyncRequest and batch run on undici; the synchronous
// request functions cannot block a VU in Node, so they stop the run naming the async form.
import { UnsupportedCall, type VuView } from './runtime.js'

type Body = string | Record<string, unknown> | ArrayBuffer | null | undefined
type Params = Record<string, unknown> | undefined

export interface ExpectedStatuses {
  __expectedStatuses: Array<number | { min: number; max: number }>
}

/** A URL made with the http.url`…` tag: its `name` tag is the template, not every distinct URL. */
export class TaggedUrl {
  constructor(
    readonly url: string,
    readonly name: string,
  ) {}
  toString() {
    return this.url
  }
}

export function url(strings: TemplateStringsArray, ...values: unknown[]): TaggedUrl {
  let u = ''
  let name = ''
  strings.forEach((s, i) => {
    u += s
    name += s
    if (i < values.length) {
      u += String(values[i])
      name += '${}'
    }
  })
  return new TaggedUrl(u, name)
}

function sync(name: string): never {
  throw new UnsupportedCall(
    `http.${name}() is synchronous in k6 and cannot block a VU in Node; write \`await http.asyncRequest('${name === 'del' ? 'DELETE' : name === 'request' ? 'GET' : name.toUpperCase()}', url, body, params)\` — it works on k6 and on this engine`,
  )
}

export const request = (..._a: unknown[]) => sync('request')
export const get = (..._a: unknown[]) => sync('get')
export const head = (..._a: unknown[]) => sync('head')
export const post = (..._a: unknown[]) => sync('post')
export const put = (..._a: unknown[]) => sync('put')
export const patch = (..._a: unknown[]) => sync('patch')
export const del = (..._a: unknown[]) => sync('del')
export const options = (..._a: unknown[]) => sync('options')

export function expectedStatuses(...codes: Array<number | { min: number; max: number }>): ExpectedStatuses {
  return { __expectedStatuses: codes }
}

export function file(data: string | ArrayBuffer, filename?: string, contentType = 'application/octet-stream') {
  return { data, filename, content_type: contentType }
}

/** `k6/http` as one VU sees it: requests carry its tags, scenario and groups. */
export function httpModule(vu: VuView) {
  function asyncRequest(method: string, target: string | TaggedUrl, body?: Body, params?: Params): Promise<unknown> {
    if (method !== method.toUpperCase()) throw new UnsupportedCall(`http.asyncRequest: the method must be uppercase (as in k6), got ${JSON.stringify(method)}`)
    let p = params
    let u = String(target)
    if (target instanceof TaggedUrl) {
      u = target.url
      const tags = (params?.tags as Record<string, string> | undefined) ?? {}
      p = { ...params, tags: { name: target.name, ...tags } }
    }
    return vu.run.http.request(method, u, body, p, vu)
  }

  type BatchItem = string | [string, string, Body?, Params?] | { method?: string; url: string; body?: Body; params?: Params }

  function one(item: BatchItem): Promise<unknown> {
    if (typeof item === 'string') return asyncRequest('GET', item)
    if (Array.isArray(item)) return asyncRequest(item[0], item[1], item[2], item[3])
    return asyncRequest(item.method ?? 'GET', item.url, item.body, item.params)
  }

  /**
   * http.batch — under this engine it returns a Promise: `await http.batch(…)`, which k6 also
   * accepts (awaiting k6's array gives the array back). Used without await (indexing it, reading
   * its length), it stops the run saying so, instead of handing the script undefined responses.
   */
  function batch(requests: BatchItem[] | Record<string, BatchItem>): Promise<unknown> {
    const all: Promise<unknown> = Array.isArray(requests)
      ? Promise.all(requests.map(one))
      : (async () => {
          const pairs = Object.entries(requests)
          const responses = await Promise.all(pairs.map(([, item]) => one(item)))
          return Object.fromEntries(pairs.map(([k], i) => [k, responses[i]]))
        })()
    return awaitOnly(all, 'http.batch()', 'const responses = await http.batch(requests)')
  }

  const setResponseCallback = (cb: ExpectedStatuses | null): void => vu.run.http.setResponseCallback(cb)
  const all = { url, asyncRequest, batch, request, get, head, post, put, patch, del, options, expectedStatuses, setResponseCallback, file }
  return { ...all, default: all }
}

/** What a Promise is allowed to be asked for when awaited or chained; anything else is synchronous use. */
const PROMISE_MEMBERS = new Set<PropertyKey>(['then', 'catch', 'finally', Symbol.toStringTag])

/**
 * A Promise that stops the run when the script treats it as the value (k6's synchronous result):
 * `responses[0]` or `responses.length` without `await` would otherwise be undefined, and the check
 * that reads it would fail while the run exits 0.
 */
export function awaitOnly<T>(promise: Promise<T>, call: string, instead: string): Promise<T> {
  return new Proxy(promise, {
    get(target, key) {
      if (PROMISE_MEMBERS.has(key)) {
        const v = Reflect.get(target, key, target) as unknown
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
      }
      throw new UnsupportedCall(
        `${call} returns a Promise under this engine and was used without await (reading ${JSON.stringify(String(key))}); write \`${instead}\` — it works on k6 and on this engine`,
      )
    },
  })
}
