// The certificates a run trusts: the system's roots, plus the target's --ca-file (a private CA, or
// `serve --tls`'s self-signed certificate). Passing `ca` replaces Node's roots, so they go in too.
import { rootCertificates } from 'node:tls'
import type { TargetConfig } from './config.js'

/** TLS options (undici's connect, an https.Agent's) trusting what the run trusts; none when it adds nothing. */
export function trustOf(config: Pick<TargetConfig, 'ca'>): { ca?: string[] } {
  return config.ca ? { ca: [...rootCertificates, config.ca] } : {}
}
