// The certificates a run trusts: the system's roots, plus the target's --ca-file (a private CA, or
// `serve --tls`'s self-signed certificate). Passing `ca` replaces Node's roots, so they go in too;
// and a context holding them costs ~40 ms of CPU to build, so each is built once and shared by
// every connection (a context per connection made a run over TLS a third dearer).
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls'
import type { TargetConfig } from './config.js'

const contexts = new Map<string, SecureContext>()

/** TLS options (undici's connect, an https.Agent's) trusting what the run trusts; none when it adds nothing. */
export function trustOf(config: Pick<TargetConfig, 'ca'>): { secureContext?: SecureContext } {
  if (!config.ca) return {}
  let context = contexts.get(config.ca)
  if (!context) contexts.set(config.ca, (context = createSecureContext({ ca: [...rootCertificates, config.ca] })))
  return { secureContext: context }
}
