// Which reader a read goes to (server/http/readers.ts). A search that runs for hundreds of
// milliseconds must not take the CPU and the readers that quick reads need: the pool keeps one
// extra reader, the slow lane, on a thread of lower scheduling priority, and sends there the
// searches whose shape has lately run long. A shape is the interaction with its ids and parameter
// values taken out (`GET Observation ?_count&_total&value-quantity`): what makes a search slow is
// mostly which parameters it has, not their values. Quick reads go to a fast reader that is not
// stuck in a long request, the one with the fewest requests in hand.

/** A shape whose recent runs average at least this (ms) is sent to the slow lane. */
export const SLOW_MS = 50
/** A reader whose current request has run this long (ms) is passed over while another is free. */
export const STALL_MS = 20
/** Shapes remembered; the oldest is forgotten first. */
const SHAPES = 1000

export function shapeOf(method: string, parts: string[], query: URLSearchParams): string {
  const path = parts.map((p, i) => (i > 0 && !p.startsWith('_') && !p.startsWith('$') ? '*' : p)).join('/')
  const names = [...new Set([...query.keys()])].filter((k) => k !== '_snapshot' && k !== '_page').sort()
  return `${method === 'HEAD' ? 'GET' : method} ${path} ?${names.join('&')}`
}

/** How long each shape has lately taken in a reader (an exponentially weighted mean, ms). */
export class CostBook {
  private readonly ms = new Map<string, number>()

  slow(shape: string): boolean {
    return (this.ms.get(shape) ?? 0) >= SLOW_MS
  }

  record(shape: string, ms: number) {
    const before = this.ms.get(shape)
    this.ms.delete(shape)
    this.ms.set(shape, before === undefined ? ms : before * 0.7 + ms * 0.3)
    if (this.ms.size > SHAPES) this.ms.delete(this.ms.keys().next().value!)
  }
}

export interface LaneReader {
  slowLane: boolean
  /** Requests sent and not yet answered; a reader answers them in order. */
  pending: { size: number }
  /** When the request it is working on now started (the previous answer, or the send to an idle reader). */
  headSince: number
}

/** The reader for a read of shape `slow` (or not), at time `now`: see the file's head. */
export function pickReader<R extends LaneReader>(readers: R[], slow: boolean, now: number): R | undefined {
  const lane = readers.find((r) => r.slowLane)
  if (slow && lane) return lane
  const stalled = (r: R) => r.pending.size > 0 && now - r.headSince >= STALL_MS
  let best: R | undefined
  for (const r of readers) {
    if (r.slowLane) continue
    if (!best || rank(r, stalled(r)) < rank(best, stalled(best))) best = r
  }
  // Every fast reader stuck in a long request: an idle slow lane answers sooner, if slower.
  if ((!best || stalled(best)) && lane && lane.pending.size === 0) return lane
  return best ?? lane
}

/** Free readers before stuck ones, then the fewest requests in hand. */
const rank = (r: LaneReader, stalled: boolean) => (stalled ? 1e6 : 0) + r.pending.size
