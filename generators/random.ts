// The only source of randomness under generators/ (STYLE.md 7): a seeded PRNG passed to every
// generator function. sfc32 (Chris Doty-Humphrey's Small Fast Counter, as in PractRand) seeded
// through splitmix32: fast, 128-bit state, and no draw depends on anything but the seed.

/** splitmix32 step: a well-mixed 32-bit hash of a 32-bit counter. */
function splitmix32(a: number): number {
  a = (a + 0x9e3779b9) | 0
  let t = a ^ (a >>> 16)
  t = Math.imul(t, 0x21f0aaad)
  t = t ^ (t >>> 15)
  t = Math.imul(t, 0x735a2d97)
  return (t ^ (t >>> 15)) >>> 0
}

/**
 * Derives a stream's 96-bit seed from the run seed and stream coordinates, so patient i's draws
 * never depend on any other patient's (STYLE.md 8: seed per patient). Three independently salted
 * chains keep the seed wide: a single 32-bit seed would make two of 10,000 patients identical
 * with a probability of about 1 %.
 */
export function deriveSeed(runSeed: number, ...coords: number[]): StreamSeed {
  const chain = (salt: number) => {
    let h = splitmix32((runSeed >>> 0) ^ salt)
    h = splitmix32(h ^ Math.floor(runSeed / 0x100000000))
    for (const c of coords) {
      h = splitmix32(h ^ (c >>> 0))
      h = splitmix32(h ^ Math.floor(c / 0x100000000))
    }
    return h >>> 0
  }
  return [chain(0x5be0cd19), chain(0x1f83d9ab), chain(0x9b05688c)]
}

export type StreamSeed = readonly [number, number, number]

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
/** Two hex digits of a byte (the table has all 256). */
const hx = (byte: number) => HEX[byte] as string
const hex8 = (n: number) => hx(n >>> 24) + hx((n >>> 16) & 0xff) + hx((n >>> 8) & 0xff) + hx(n & 0xff)

export class Rng {
  private a = 0
  private b = 0
  private c = 0
  private d = 0

  constructor(seed: StreamSeed | number) {
    this.reseed(seed)
  }

  reseed(seed: StreamSeed | number): void {
    const [a, b, c] = typeof seed === 'number' ? [seed, splitmix32(seed ^ 0x6a09e667), splitmix32(seed ^ 0xbb67ae85)] : seed
    this.a = a | 0
    this.b = b | 0
    this.c = c | 0
    this.d = 1
    for (let i = 0; i < 12; i++) this.nextU32()
  }

  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** Uniform float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min)
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[Math.floor(this.next() * items.length)] as T
  }

  /** Picks by weight; `weight` returns a non-negative number per item. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    let total = 0
    for (const it of items) total += weight(it)
    let r = this.next() * total
    for (const it of items) {
      r -= weight(it)
      if (r < 0) return it
    }
    if (items.length === 0) throw new Error('weighted pick from an empty list')
    return items[items.length - 1] as T
  }

  /** Normal draw (Box–Muller), clamped to [lo, hi] when given. */
  normal(mean: number, sd: number, lo = -Infinity, hi = Infinity): number {
    const u = 1 - this.next()
    const v = this.next()
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
    return Math.min(hi, Math.max(lo, mean + z * sd))
  }

  /**
   * Normal draw truncated to [lo, hi] by inverting the CDF (no point mass at the bounds, unlike
   * normal()'s clamp): a uniform draw between Φ(lo) and Φ(hi), solved by bisection.
   */
  truncatedNormal(mean: number, sd: number, lo: number, hi: number): number {
    if (!(hi > lo)) return lo
    let zl = (lo - mean) / sd
    let zh = (hi - mean) / sd
    const a = normalCdf(zl)
    const u = a + this.next() * (normalCdf(zh) - a)
    for (let i = 0; i < 40; i++) {
      const zm = (zl + zh) / 2
      if (normalCdf(zm) < u) zl = zm
      else zh = zm
    }
    return Math.min(hi, Math.max(lo, mean + sd * ((zl + zh) / 2)))
  }

  /** A version-4-shaped UUID from this stream (ids come from the seeded source, STYLE.md 7). */
  uuid(): string {
    const a = this.nextU32()
    const b = this.nextU32()
    const c = this.nextU32()
    const d = this.nextU32()
    return (
      hex8(a) +
      '-' +
      hx(b >>> 24) +
      hx((b >>> 16) & 0xff) +
      '-4' +
      hx((b >>> 8) & 0xf).charAt(1) +
      hx(b & 0xff) +
      '-' +
      hx(0x80 | ((c >>> 24) & 0x3f)) +
      hx((c >>> 16) & 0xff) +
      '-' +
      hx((c >>> 8) & 0xff) +
      hx(c & 0xff) +
      hex8(d)
    )
  }

  /** A string of digits of the given length. */
  digits(n: number): string {
    let s = ''
    for (let i = 0; i < n; i++) s += String(this.nextU32() % 10)
    return s
  }
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2
  const t = 1 / (1 + 0.3275911 * x)
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x)
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2
}
