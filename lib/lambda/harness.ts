// The healthlake-lambda suite's subject: a user's token-validator handler module, loaded by path,
// and the identity provider's private key the suite signs test tokens with (the handler trusts
// its public half) — valid, expired, not yet valid, for another data store, mis-signed, malformed.
import { readFileSync } from 'node:fs'
import { importJWK, importPKCS8, type CryptoKey, type JWK } from 'jose'
import { UsageError } from '../errors.js'
import { loadHandlerModule } from './contract.js'

export interface LambdaUnderTest {
  /** Calls the handler with one event; whatever it returns or throws. */
  invoke(event: Record<string, unknown>): Promise<unknown>
  key: CryptoKey
  alg: string
  kid?: string
  issuer: string
  /** The data store endpoint the tokens are for (HealthLake's `datastoreEndpoint`). */
  endpoint: string
  /** Where the handler came from, for messages. */
  source: string
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
  let text: string
  try {
    text = readFileSync(o.keyFile, 'utf8')
  } catch (err) {
    throw new UsageError(`--lambda-key ${o.keyFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
  try {
    if (text.trimStart().startsWith('{')) {
      const jwk = JSON.parse(text) as JWK
      const alg = jwk.alg ?? (jwk.kty === 'EC' ? 'ES384' : 'RS256')
      return { invoke, key: (await importJWK(jwk, alg)) as CryptoKey, alg, kid: jwk.kid, issuer: o.issuer, endpoint: o.endpoint, source: o.handler }
    }
    return { invoke, key: await importPKCS8(text, 'RS256'), alg: 'RS256', issuer: o.issuer, endpoint: o.endpoint, source: o.handler }
  } catch (err) {
    throw new UsageError(`--lambda-key ${o.keyFile}: not a private JWK or PKCS#8 PEM key (${(err as Error).message})`)
  }
}
