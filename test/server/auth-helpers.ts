// Client-side SMART helpers for the target's auth tests: client keys, signed client assertions
// (any header or claim can be overridden to build an attack), token requests.
import { randomUUID } from 'node:crypto'
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose'
import { startServer, type RunningServer, type ServerOptions } from '../../server/http/server.js'
import type { ClientConfig } from '../../server/auth/authorization-server.js'

export interface ClientKey {
  alg: 'RS384' | 'ES384'
  kid: string
  privateKey: CryptoKey
  publicJwk: JWK
}

export async function clientKey(alg: 'RS384' | 'ES384', kid = `${alg.toLowerCase()}-${randomUUID().slice(0, 8)}`): Promise<ClientKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true })
  return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg } }
}

export interface AssertionOptions {
  header?: Record<string, unknown>
  claims?: Record<string, unknown>
  /** Claims to leave out (e.g. exp). */
  omit?: string[]
  key?: ClientKey
}

/** A client_assertion for `clientId` at `tokenUrl`, valid unless options break it. */
export async function assertion(clientId: string, tokenUrl: string, key: ClientKey, o: AssertionOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  const claims: Record<string, unknown> = { iss: clientId, sub: clientId, aud: tokenUrl, exp: now + 240, jti: randomUUID(), ...o.claims }
  for (const k of o.omit ?? []) delete claims[k]
  const signer = o.key ?? key
  return new SignJWT(claims).setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: 'JWT', ...o.header } as { alg: string }).sign(signer.privateKey)
}

export async function tokenRequest(target: RunningServer, form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(target.auth!.tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined }
}

export function backendForm(clientAssertion: string, scope = 'system/*.rs'): Record<string, string> {
  return { grant_type: 'client_credentials', scope, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: clientAssertion }
}

export interface SmartFixture {
  target: RunningServer
  rsa: ClientKey
  ec: ClientKey
  /** A valid backend-services token for `scope`. */
  token(scope?: string, clientId?: string): Promise<string>
}

export const BACKEND = 'backend-client'
export const SECRET_CLIENT = 'secret-client'
export const SECRET = 'correct-horse-battery-staple'
export const PUBLIC_APP = 'public-app'
/** A confidential app: the authorization-code flow, authenticated with a client secret. */
export const CONFIDENTIAL_APP = 'confidential-app'
export const REDIRECT = 'http://127.0.0.1:9/callback'

/** A SMART target with a backend client (RS384 + ES384 keys), a secret client, a confidential app and a public app. */
export async function smartTarget(extra: Partial<ServerOptions> = {}, clients: ClientConfig[] = []): Promise<SmartFixture> {
  const rsa = await clientKey('RS384')
  const ec = await clientKey('ES384')
  const target = await startServer({
    auth: 'smart',
    authConfig: {
      clients: [
        { client_id: BACKEND, jwks: { keys: [rsa.publicJwk, ec.publicJwk] }, scope: 'system/*.cruds system/*.read system/*.write system/*.*' },
        { client_id: SECRET_CLIENT, client_secret: SECRET, scope: 'system/Patient.rs system/Observation.rs' },
        { client_id: CONFIDENTIAL_APP, client_secret: SECRET, redirect_uris: [REDIRECT], scope: 'launch/patient patient/*.rs', launch: { patient: 'pat-a' } },
        {
          client_id: PUBLIC_APP,
          redirect_uris: [REDIRECT],
          scope: 'launch/patient openid fhirUser offline_access patient/*.rs patient/*.read patient/Observation.rs',
          launch: { patient: 'pat-a', fhirUser: 'Practitioner/doc-1' },
        },
        ...clients,
      ],
    },
    ...extra,
  })
  return {
    target,
    rsa,
    ec,
    async token(scope = 'system/*.cruds', clientId = BACKEND) {
      const res = await tokenRequest(target, backendForm(await assertion(clientId, target.auth!.tokenUrl, rsa), scope))
      if (res.status !== 200) throw new Error(`token request failed: ${JSON.stringify(res.body)}`)
      return res.body!.access_token as string
    },
  }
}
