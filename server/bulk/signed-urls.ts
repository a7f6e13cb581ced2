// Signed, expiring export-file URLs (the signed-export-urls variant): the URL carries its own
// authorization, an HMAC of its path and expiry under a key fresh per server.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export class SignedUrls {
  private readonly key = randomBytes(32)

  /** `url` with `exp` (seconds) and its signature appended. */
  sign(url: string, exp: number): string {
    return `${url}?exp=${exp}&sig=${this.mac(new URL(url).pathname, exp).toString('base64url')}`
  }

  /** Is this the URL as signed, and not expired? */
  valid(url: URL | undefined): boolean {
    const exp = Number(url?.searchParams.get('exp'))
    if (!url || !Number.isFinite(exp) || exp < Date.now() / 1000) return false
    const got = Buffer.from(url.searchParams.get('sig') ?? '', 'base64url')
    const want = this.mac(url.pathname, exp)
    return got.length === want.length && timingSafeEqual(got, want)
  }

  private mac(path: string, exp: number): Buffer {
    return createHmac('sha256', this.key).update(`${path}:${exp}`).digest()
  }
}
