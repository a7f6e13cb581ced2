// The healthlake-lambda suite's subject: a user's token-validator handler module, loaded by path,
// and the identity provider's private key the suite signs test tokens with (the handler trusts
// its public half) — valid, expired, not yet valid, for another data store, mis-signed, malformed.
import type { KeyObject } from 'node:crypto'
import type { CryptoKey } from 'jose'
import { UsageError } from '../errors.js'
import { loadSigningKey } from '../keys.js'
import { loadHandlerModule } from './contract.js'

export interface LambdaUnderTest {
  /** Calls the handler with one event; whatever it returns or throws. */
  invoke(event: Record<string, unknown>): Promise<unknown>
  key: CryptoKey | KeyObject
  alg: string
  kid?: string
  issuer: string
  /** The data store endpoint the tokens are for (HealthLake's `datastoreEndpoint`). */
  endpoint: string
  /** Where the handler came from, for messages. */
  source: string
  /** No FHIR API is under test: the endpoint only stands in for one (a Lambda-only run without --target). */
  standIn?: boolean
}

export interface LambdaFlags {
  handler: string
  keyFile: string
  issuer: string
  endpoint: string
}

export async function lambdaUnderTest(o: LambdaFlags): Promise<LambdaUnderTest> {
  let invoke: LambdaUnderTest['invoke']
  try {
    const h = await loadHandlerModule(o.handler)
    invoke = (event) => h(event as never)
  } catch (err) {
    throw new UsageError(`--lambda-handler ${o.handler}: ${(err as Error).message}`)
  }
  // RS256 for an RSA key without alg: the algorithm every OpenID provider must support.
  const k = loadSigningKey(o.keyFile, { rsaAlg: 'RS256' }, '--lambda-key')
  return { invoke, key: k.key, alg: k.alg, kid: k.kid, issuer: o.issuer, endpoint: o.endpoint, source: o.handler }
}
