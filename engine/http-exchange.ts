// One HTTP exchange on undici's dispatcher with a plain handler. Pool.request wraps every request
// in an AsyncResource and hands the body over as a Readable stream, read back with text(): per
// request, that machinery cost more than the engine's own metrics. Here the status, the raw headers
// and the body chunks are collected directly, and the header and body sizes come with them.
import type { Dispatcher } from 'undici'

export interface Exchange {
  status: number
  statusText: string
  /** Name, value, name, value… as received (names in their case on the wire). */
  rawHeaders: Buffer[]
  /** Status line, headers and the blank line, in bytes. */
  headBytes: number
  /** The body, when it was kept. */
  body?: Buffer
  bodyBytes: number
  /** performance.now() when the headers arrived. */
  headersAt: number
}

/** Sends one request and collects the answer; `keepBody` false reads the body and drops it. */
export function exchange(dispatcher: Dispatcher, opts: Dispatcher.DispatchOptions, keepBody: boolean): Promise<Exchange> {
  return new Promise<Exchange>((resolve, reject) => {
    const chunks: Buffer[] = []
    const got: Exchange = { status: 0, statusText: '', rawHeaders: [], headBytes: 0, bodyBytes: 0, headersAt: 0 }
    const handler = {
      onConnect(): void {},
      onHeaders(status: number, raw: Buffer[], _resume: () => void, statusText: string): boolean {
        got.status = status
        got.statusText = statusText ?? ''
        got.rawHeaders = raw
        got.headersAt = performance.now()
        let n = 13 + got.statusText.length + 2
        for (let i = 0; i < raw.length; i++) n += (raw[i] as Buffer).length
        got.headBytes = n + raw.length * 2 + 2
        return true
      },
      onData(chunk: Buffer): boolean {
        got.bodyBytes += chunk.length
        if (keepBody) chunks.push(chunk)
        return true
      },
      onComplete(): void {
        if (keepBody) got.body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)
        resolve(got)
      },
      onError(err: Error): void {
        reject(err)
      },
    }
    dispatcher.dispatch(opts, handler as unknown as Dispatcher.DispatchHandler)
  })
}

/** Raw header pairs as an object: lower-case names, repeated names as arrays (as undici's request() gives them). */
export function headerObject(raw: Buffer[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = (raw[i] as Buffer).toString('latin1').toLowerCase()
    const v = (raw[i + 1] as Buffer).toString('utf8')
    const had = out[k]
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v]
  }
  return out
}

/** One header's value by its lower-case name, read from the raw pairs without building them all. */
export function rawHeader(raw: Buffer[], lowerName: string): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = raw[i] as Buffer
    if (k.length === lowerName.length && k.toString('latin1').toLowerCase() === lowerName) return (raw[i + 1] as Buffer).toString('utf8')
  }
  return undefined
}
