// HealthLake's capacity model for load tests (`serve --capacity`; healthlake-contract.md §4.6): writes
// cost one unit per KB of payload, a transaction Bundle twice a batch, and strong consistency twice
// again; reads, searches and Bundle POSTs have their own per-second quotas. Each class is a token
// bucket refilled at its rate (one second of burst); a request that finds too few units is refused
// 429 ThrottlingException with Retry-After — so throttling depends on payload size, as on HealthLake,
// not on a flat request count. One request larger than a whole second's units goes through when
// the bucket is full, and leaves it in debt.
import { OutcomeError } from '../../lib/outcomes.js'
import { isStrong } from '../store/index-lag.js'
import type { FhirRequest } from '../rest/types.js'

export interface Capacity {
  /** Read units a second (GET read, vread, history). */
  reads: number
  /** Write units a second (one per KB, ×2 for a transaction, ×2 with strong consistency). */
  writes: number
  /** Searches a second (GET or POST _search). */
  search: number
  /** Bundle POSTs a second. */
  bundles: number
}

/** Data stores created before this (2023-08-21) take one Bundle POST a second (the quotas page). */
export const LEGACY_BUNDLE_RATE_BEFORE = Date.parse('2023-08-21T00:00:00Z')

/** The current quotas page, per data store (writes and reads 3,000/s, search 100/s, Bundle POSTs 10/s). */
export const HEALTHLAKE_CAPACITY: Capacity = { reads: 3000, writes: 3000, search: 100, bundles: 10 }

/** `healthlake`, or `writes=300,search=20` over the healthlake numbers. */
export function parseCapacity(spec: string): Capacity {
  const out = { ...HEALTHLAKE_CAPACITY }
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p && p !== 'healthlake')) {
    const [key = '', value = ''] = part.split('=')
    if (!(key in out)) throw new Error(`unknown capacity ${JSON.stringify(key)} (known: ${Object.keys(out).join(', ')}, or healthlake)`)
    const n = Number(value)
    if (!(n > 0) || !Number.isFinite(n)) throw new Error(`capacity ${key} must be a positive number, got ${JSON.stringify(value)}`)
    out[key as keyof Capacity] = n
  }
  return out
}

class Bucket {
  private tokens: number
  private at: number
  constructor(
    private readonly rate: number,
    now: number,
  ) {
    this.tokens = rate
    this.at = now
  }
  take(units: number, now: number): number | undefined {
    this.tokens = Math.min(this.rate, this.tokens + ((now - this.at) / 1000) * this.rate)
    this.at = now
    if (this.tokens < Math.min(units, this.rate)) return Math.max(1, Math.ceil((Math.min(units, this.rate) - this.tokens) / this.rate))
    this.tokens -= units
    return undefined
  }
}

export class CapacityMeter {
  private readonly buckets: Record<keyof Capacity, Bucket>

  constructor(
    readonly capacity: Capacity,
    private readonly now: () => number = Date.now,
  ) {
    const t = now()
    this.buckets = {
      reads: new Bucket(capacity.reads, t),
      writes: new Bucket(capacity.writes, t),
      search: new Bucket(capacity.search, t),
      bundles: new Bucket(capacity.bundles, t),
    }
  }

  /** Charges a FHIR request of `bytes` payload; throws 429 ThrottlingException when its class is out of units. */
  charge(req: FhirRequest, bytes: number): void {
    const [first = '', second] = req.parts
    if (first === 'metadata' || req.parts.some((p) => p.startsWith('$'))) return
    const kb = Math.max(1, Math.ceil(bytes / 1024))
    const strong = isStrong(req.headers) ? 2 : 1
    const charges: Array<[keyof Capacity, number]> = []
    if (req.parts.length === 0 && req.method === 'POST') {
      const transaction = (req.body as { type?: unknown } | undefined)?.type === 'transaction' ? 2 : 1
      charges.push(['bundles', 1], ['writes', kb * transaction * strong])
    } else if ((req.method === 'GET' && req.parts.length === 1) || second === '_search') charges.push(['search', 1])
    else if (req.method === 'GET' || req.method === 'HEAD') charges.push(['reads', 1])
    else charges.push(['writes', (req.method === 'DELETE' ? 1 : kb) * strong])
    const t = this.now()
    for (const [kind, units] of charges) {
      const wait = this.buckets[kind].take(units, t)
      if (wait !== undefined)
        throw new OutcomeError(429, 'throttled', `ThrottlingException: over the ${kind} capacity of ${this.capacity[kind]} a second (this request needs ${units})`, {
          'Retry-After': String(wait),
          'x-amzn-ErrorType': 'ThrottlingException',
        })
    }
  }
}

/** The meter for a data store: one created before 2023-08-21 takes one Bundle POST a second (the quotas page). */
export function capacityMeter(capacity: Capacity, createdAt?: number): CapacityMeter {
  const legacy = createdAt !== undefined && createdAt < LEGACY_BUNDLE_RATE_BEFORE
  return new CapacityMeter(legacy ? { ...capacity, bundles: Math.min(capacity.bundles, 1) } : capacity)
}
