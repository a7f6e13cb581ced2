// SMART on FHIR at the reference server, over HTTP: discovery, the token endpoint (backend
// services, client secrets, authorization code + PKCE, refresh, introspection, revocation),
// 15+ JWT attacks, and the resource server's enforcement of the Lambda contract and scopes.
import t from 'tap'
import { createHmac } from 'node:crypto'
import { createServer } from 'node:http'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compactVerify, createLocalJWKSet } from 'jose'
import { assertion, backendForm, BACKEND, clientKey, PUBLIC_APP, REDIRECT, SECRET, SECRET_CLIENT, smartTarget, tokenRequest, type SmartFixture } from './auth-helpers.js'
import { startServer } from '../../server/http/server.js'
import { loadHandlerModule, type TokenValidator } from '../../server/auth/lambda.js'
import { createHash, randomBytes } from 'node:crypto'

let fx: SmartFixture
t.before(async () => {
  // A file database with two reader threads: every read and search below, scopes and compartments
  // included, is enforced in a reader (server/http/readers.ts), writes on the main thread.
  const dir = mkdtempSync(join(tmpdir(), 'shoreline-auth-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  fx = await smartTarget({ db: join(dir, 'auth.db'), readers: 2 }, [{ client_id: 'patient-writer', jwks: { keys: [] }, scope: 'patient/*.cruds', launch: { patient: 'pat-a' } }])
  // Two patients, their observations (one lab, one vital sign each).
  const tok = await fx.token()
  for (const p of ['pat-a', 'pat-b']) {
    await fhir('PUT', `Patient/${p}`, tok, { resourceType: 'Patient', id: p, gender: 'female' })
    for (const [i, cat] of ['laboratory', 'vital-signs'].entries()) {
      await fhir('PUT', `Observation/${p}-o${i}`, tok, {
        resourceType: 'Observation',
        id: `${p}-o${i}`,
        status: 'final',
        category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: cat }] }],
        code: { text: cat },
        subject: { reference: `Patient/${p}` },
      })
    }
  }
})
t.teardown(() => fx.target.close())

async function fhir(method: string, path: string, token: string | undefined, body?: unknown, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = { 'Content-Type': 'application/fhir+json', ...extra }
  if (token !== undefined) headers.Authorization = `Bearer ${token}`
  const res = await fetch(fx.target.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined }
}

t.test('AUTH-01: smart-configuration carries HealthLake and SMART STU2 fields; the CapabilityStatement declares SMART security', async (t) => {
  const res = await fetch(`${fx.target.url}.well-known/smart-configuration`)
  t.equal(res.status, 200)
  t.match(res.headers.get('content-type'), /^application\/json/)
  const conf = (await res.json()) as Record<string, unknown>
  for (const k of ['issuer', 'jwks_uri', 'authorization_endpoint', 'token_endpoint', 'introspection_endpoint', 'revocation_endpoint', 'capabilities', 'scopes_supported'])
    t.ok(conf[k], k)
  t.same(conf.code_challenge_methods_supported, ['S256'])
  t.ok((conf.grant_types_supported as string[]).includes('client_credentials') && (conf.grant_types_supported as string[]).includes('authorization_code'))
  t.ok((conf.token_endpoint_auth_methods_supported as string[]).includes('private_key_jwt'))
  t.ok((conf.token_endpoint_auth_methods_supported as string[]).includes('client_secret_basic'))
  t.same(conf.token_endpoint_auth_signing_alg_values_supported, ['RS384', 'ES384'])
  const cap = await fhir('GET', 'metadata', undefined)
  t.equal(cap.status, 200, 'metadata needs no token')
  const sec = cap.body.rest[0].security
  t.equal(sec.service[0].coding[0].code, 'SMART-on-FHIR')
  const uris = Object.fromEntries(sec.extension[0].extension.map((e: { url: string; valueUri: string }) => [e.url, e.valueUri]))
  t.equal(uris.token, conf.token_endpoint)
  t.equal(uris.authorize, conf.authorization_endpoint)
})

t.test('AUTH-02: backend services (RS384 and ES384) get a Bearer JWT signed by the key at jwks_uri, with no-store headers', async (t) => {
  for (const key of [fx.rsa, fx.ec]) {
    const res = await tokenRequest(fx.target, backendForm(await assertion(BACKEND, fx.target.auth!.tokenUrl, key), 'system/Patient.rs system/Observation.rs'))
    t.equal(res.status, 200, key.alg)
    t.equal(res.body!.token_type, 'Bearer')
    t.equal(res.body!.expires_in, 300)
    t.equal(res.body!.scope, 'system/Patient.rs system/Observation.rs')
    t.equal(res.headers.get('cache-control'), 'no-store')
    t.equal(res.headers.get('pragma'), 'no-cache')
    const jwks = (await (await fetch(`${fx.target.origin}/auth/jwks`)).json()) as { keys: [] }
    const { payload } = await compactVerify(res.body!.access_token as string, createLocalJWKSet(jwks))
    const claims = JSON.parse(new TextDecoder().decode(payload))
    t.equal(claims.aud, fx.target.url, 'audience is the data store endpoint')
    t.equal(claims.sub, BACKEND)
  }
})

t.test('AUTH-03: scopes are narrowed to what the client is registered for; none allowed → invalid_scope', async (t) => {
  const narrowed = await tokenRequest(fx.target, backendForm(await assertion(SECRET_CLIENT, fx.target.auth!.tokenUrl, fx.rsa), 'system/Patient.rs'))
  t.equal(narrowed.status, 401, 'a secret client cannot use private_key_jwt (no registered keys)')
  const basic = await tokenRequest(
    fx.target,
    { grant_type: 'client_credentials', scope: 'system/Patient.rs system/Encounter.rs' },
    { Authorization: `Basic ${Buffer.from(`${SECRET_CLIENT}:${SECRET}`).toString('base64')}` },
  )
  t.equal(basic.status, 200, 'client_secret_basic')
  t.equal(basic.body!.scope, 'system/Patient.rs', 'Encounter was not granted')
  const post = await tokenRequest(fx.target, { grant_type: 'client_credentials', scope: 'system/Observation.rs', client_id: SECRET_CLIENT, client_secret: SECRET })
  t.equal(post.status, 200, 'client_secret_post')
  const wrong = await tokenRequest(
    fx.target,
    { grant_type: 'client_credentials', scope: 'system/Patient.rs' },
    { Authorization: `Basic ${Buffer.from(`${SECRET_CLIENT}:nope`).toString('base64')}` },
  )
  t.equal(wrong.status, 401)
  t.equal(wrong.body!.error, 'invalid_client')
  t.match(wrong.headers.get('www-authenticate'), /^Basic/)
  const none = await tokenRequest(fx.target, { grant_type: 'client_credentials', scope: 'system/Encounter.rs', client_id: SECRET_CLIENT, client_secret: SECRET })
  t.equal(none.body!.error, 'invalid_scope')
  const empty = await tokenRequest(fx.target, { grant_type: 'client_credentials', scope: '', client_id: SECRET_CLIENT, client_secret: SECRET })
  t.equal(empty.body!.error, 'invalid_scope')
  const grant = await tokenRequest(fx.target, { grant_type: 'password', client_id: SECRET_CLIENT, client_secret: SECRET })
  t.equal(grant.body!.error, 'unsupported_grant_type')
  const json = await fetch(fx.target.auth!.tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials' }),
  })
  t.equal(json.status, 400, 'a JSON body is refused')
  t.equal(((await json.json()) as { error: string }).error, 'invalid_request')
})

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')

t.test('AUTH-04: JWT attacks on the client assertion are each rejected with invalid_client', async (t) => {
  const url = fx.target.auth!.tokenUrl
  const now = Math.floor(Date.now() / 1000)
  const valid = () => assertion(BACKEND, url, fx.rsa)
  const stranger = await clientKey('RS384', fx.rsa.kid) // same kid, different key
  const attacks: Array<[string, () => Promise<string>]> = [
    ['alg none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: BACKEND, sub: BACKEND, aud: url, exp: now + 60, jti: 'none-1' })}.`],
    [
      'HS256 keyed with the public key',
      async () => {
        const h = b64({ alg: 'HS256', kid: fx.rsa.kid })
        const p = b64({ iss: BACKEND, sub: BACKEND, aud: url, exp: now + 60, jti: 'hs-1' })
        return `${h}.${p}.${createHmac('sha256', JSON.stringify(fx.rsa.publicJwk)).update(`${h}.${p}`).digest('base64url')}`
      },
    ],
    ['expired', () => assertion(BACKEND, url, fx.rsa, { claims: { exp: now - 30 } })],
    ['nbf in the future', () => assertion(BACKEND, url, fx.rsa, { claims: { nbf: now + 120 } })],
    ['wrong aud', () => assertion(BACKEND, url, fx.rsa, { claims: { aud: `${fx.target.origin}/elsewhere/token` } })],
    ['wrong iss (unregistered client)', () => assertion(BACKEND, url, fx.rsa, { claims: { iss: 'intruder', sub: 'intruder' } })],
    ['iss and sub differ', () => assertion(BACKEND, url, fx.rsa, { claims: { sub: 'someone-else' } })],
    ['unknown kid', () => assertion(BACKEND, url, fx.rsa, { header: { kid: 'no-such-key' } })],
    ['kid with path characters', () => assertion(BACKEND, url, fx.rsa, { header: { kid: '../../../etc/passwd' } })],
    ['jku to a foreign host', () => assertion(BACKEND, url, fx.rsa, { header: { jku: 'https://attacker.invalid/jwks.json' } })],
    // This server's own bound on work before the signature is checked; no SMART or RFC 7523 rule, so no conformance check.
    ['token over 16 KB', () => assertion(BACKEND, url, fx.rsa, { claims: { pad: 'x'.repeat(17 * 1024) } })],
    ['no exp', () => assertion(BACKEND, url, fx.rsa, { omit: ['exp'] })],
    ['exp more than 5 min out', () => assertion(BACKEND, url, fx.rsa, { claims: { exp: now + 900 } })],
    ['stripped signature', async () => (await valid()).split('.').slice(0, 2).join('.') + '.'],
    [
      'ES384 header on an RSA key',
      async () => {
        const [, p, s] = (await valid()).split('.')
        return `${b64({ alg: 'ES384', kid: fx.rsa.kid })}.${p}.${s}`
      },
    ],
    ['signed by another key under a registered kid', () => assertion(BACKEND, url, fx.rsa, { key: stranger })],
    ['no jti', () => assertion(BACKEND, url, fx.rsa, { omit: ['jti'] })],
  ]
  t.ok(attacks.length >= 15)
  for (const [name, make] of attacks) {
    const res = await tokenRequest(fx.target, backendForm(await make()))
    t.equal(res.status, 401, `${name}: 401`)
    t.equal(res.body?.error, 'invalid_client', `${name}: invalid_client`)
    t.notOk(res.body?.access_token, `${name}: no token`)
    t.equal(res.headers.get('cache-control'), 'no-store', `${name}: errors are not cached either`)
  }
  // Replay: the same assertion twice.
  const once = await valid()
  t.equal((await tokenRequest(fx.target, backendForm(once))).status, 200, 'first use')
  const again = await tokenRequest(fx.target, backendForm(once))
  t.equal(again.status, 401, 'replayed jti')
  t.equal(again.body!.error, 'invalid_client')
  // A wrong assertion type and a missing assertion are OAuth errors too.
  const typ = await tokenRequest(fx.target, { ...backendForm(await valid()), client_assertion_type: 'urn:bogus' })
  t.equal(typ.body!.error, 'invalid_client')
  const missing = await tokenRequest(fx.target, { grant_type: 'client_credentials', scope: 'system/*.rs' })
  t.equal(missing.body!.error, 'invalid_client')
})

t.test('AUTH-05: keys from a registered jwks_url, and the matching jku, are accepted', async (t) => {
  const key = await clientKey('ES384')
  const server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: [key.publicJwk] })))
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const jwksUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/jwks.json`
  const local = await smartTarget({}, [{ client_id: 'remote-keys', jwks_url: jwksUrl, scope: 'system/*.rs' }])
  t.teardown(async () => {
    await local.target.close()
    server.close()
  })
  const url = local.target.auth!.tokenUrl
  t.equal((await tokenRequest(local.target, backendForm(await assertion('remote-keys', url, key)))).status, 200, 'kid found at jwks_url')
  t.equal((await tokenRequest(local.target, backendForm(await assertion('remote-keys', url, key, { header: { jku: jwksUrl } })))).status, 200, 'jku equal to the registered URL')
  const bad = await tokenRequest(local.target, backendForm(await assertion('remote-keys', url, key, { header: { jku: `${jwksUrl}?other` } })))
  t.equal(bad.body!.error, 'invalid_client', 'any other jku is refused without being fetched')
})

t.test('AUTH-06: authorization_code with PKCE S256, approved headlessly, with patient context, refresh, introspection and revocation', async (t) => {
  const verifier = randomBytes(32).toString('base64url')
  const challenge = createHash('sha256').update(verifier).digest('base64url')
  const authorize = (extra: Record<string, string> = {}) =>
    fetch(
      `${fx.target.origin}/auth/authorize?${new URLSearchParams({ response_type: 'code', client_id: PUBLIC_APP, redirect_uri: REDIRECT, scope: 'launch/patient openid fhirUser offline_access patient/*.rs', state: 'st-1', aud: fx.target.url, code_challenge: challenge, code_challenge_method: 'S256', ...extra })}`,
      { redirect: 'manual' },
    )
  const res = await authorize()
  t.equal(res.status, 302)
  const back = new URL(res.headers.get('location')!)
  t.equal(back.searchParams.get('state'), 'st-1')
  const code = back.searchParams.get('code')!
  t.ok(code)
  const plain = new URL((await authorize({ code_challenge_method: 'plain' })).headers.get('location')!)
  t.equal(plain.searchParams.get('error'), 'invalid_request', 'plain PKCE is refused')
  const wrongAud = new URL((await authorize({ aud: 'http://127.0.0.1:1/other/' })).headers.get('location')!)
  t.equal(wrongAud.searchParams.get('error'), 'invalid_request', 'aud must be this FHIR base')
  const badRedirect = await authorize({ redirect_uri: 'http://127.0.0.1:9/evil' })
  t.equal(badRedirect.status, 400, 'an unregistered redirect_uri is never redirected to')

  const wrongVerifier = await tokenRequest(fx.target, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: PUBLIC_APP, code_verifier: 'x'.repeat(43) })
  t.equal(wrongVerifier.body!.error, 'invalid_grant', 'wrong code_verifier')
  const fresh = new URL((await authorize()).headers.get('location')!).searchParams.get('code')!
  const tok = await tokenRequest(fx.target, { grant_type: 'authorization_code', code: fresh, redirect_uri: REDIRECT, client_id: PUBLIC_APP, code_verifier: verifier })
  t.equal(tok.status, 200)
  t.equal(tok.body!.patient, 'pat-a')
  t.ok(tok.body!.refresh_token, 'offline_access gives a refresh token')
  const reuse = await tokenRequest(fx.target, { grant_type: 'authorization_code', code: fresh, redirect_uri: REDIRECT, client_id: PUBLIC_APP, code_verifier: verifier })
  t.equal(reuse.body!.error, 'invalid_grant', 'a code works once')

  const refreshed = await tokenRequest(fx.target, { grant_type: 'refresh_token', refresh_token: tok.body!.refresh_token as string, client_id: PUBLIC_APP })
  t.equal(refreshed.status, 200)
  t.equal(refreshed.body!.scope, tok.body!.scope)
  const narrower = await tokenRequest(fx.target, {
    grant_type: 'refresh_token',
    refresh_token: tok.body!.refresh_token as string,
    client_id: PUBLIC_APP,
    scope: 'patient/Observation.rs',
  })
  t.equal(narrower.body!.scope, 'patient/Observation.rs', 'a refresh may narrow the scope')

  const basic = { Authorization: `Basic ${Buffer.from(`${SECRET_CLIENT}:${SECRET}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' }
  const introspect = async (token: string) =>
    (await (await fetch(`${fx.target.origin}/auth/introspect`, { method: 'POST', headers: basic, body: new URLSearchParams({ token }) })).json()) as Record<string, unknown>
  const active = await introspect(refreshed.body!.access_token as string)
  t.equal(active.active, true)
  t.equal(active.client_id, PUBLIC_APP)
  t.equal(active.scope, refreshed.body!.scope)
  t.equal(active.patient, 'pat-a')
  t.ok(active.exp)
  t.same(await introspect('not-a-token'), { active: false }, 'an invalid token introspects as only active:false')

  const access = refreshed.body!.access_token as string
  t.equal((await fhir('GET', 'Patient/pat-a', access)).status, 200)
  const revoke = await fetch(`${fx.target.origin}/auth/revoke`, { method: 'POST', headers: basic, body: new URLSearchParams({ token: access }) })
  t.equal(revoke.status, 200)
  t.same(await introspect(access), { active: false }, 'revoked')
  t.equal((await fhir('GET', 'Patient/pat-a', access)).status, 401, 'a revoked token no longer reads')
  await fetch(`${fx.target.origin}/auth/revoke`, { method: 'POST', headers: basic, body: new URLSearchParams({ token: tok.body!.refresh_token as string }) })
  const dead = await tokenRequest(fx.target, { grant_type: 'refresh_token', refresh_token: tok.body!.refresh_token as string, client_id: PUBLIC_APP })
  t.equal(dead.body!.error, 'invalid_grant', 'a revoked refresh token is refused')
})

t.test('AUTH-07: the resource server answers 401 for a missing, malformed, expired or not-yet-valid token', async (t) => {
  const none = await fhir('GET', 'Patient/pat-a', undefined)
  t.equal(none.status, 401)
  t.match(none.headers.get('www-authenticate'), /^Bearer/)
  t.equal(none.body.resourceType, 'OperationOutcome')
  t.equal((await fhir('GET', 'Patient/pat-a', 'garbage.token.here')).status, 401)
  let offset = 0
  const clocked = await smartTarget({ clock: () => Date.now() + offset })
  t.teardown(() => clocked.target.close())
  const tok = await clocked.token()
  const read = async () => (await fetch(`${clocked.target.url}Patient`, { headers: { Authorization: `Bearer ${tok}` } })).status
  t.equal(await read(), 200)
  offset = 10 * 60 * 1000
  t.equal(await read(), 401, 'expired')
  offset = -10 * 60 * 1000
  t.equal(await read(), 401, 'not valid yet')
  offset = 0
  const other = await smartTarget({ datastoreId: 'other' })
  t.teardown(() => other.target.close())
  const foreign = await other.token()
  t.equal(await (async () => (await fetch(`${clocked.target.url}Patient`, { headers: { Authorization: `Bearer ${foreign}` } })).status)(), 401, "another data store's token")
})

t.test('AUTH-08: the Lambda contract: the validator sees the event; isAuthorized false, a foreign aud or a slow answer give 401', async (t) => {
  const events: unknown[] = []
  let answer: (e: { datastoreEndpoint: string }) => unknown = () => ({})
  const validator: TokenValidator = async (event) => {
    events.push(event)
    return (await answer(event)) as never
  }
  const target = await startServer({ auth: 'smart', tokenValidator: validator })
  t.teardown(() => target.close())
  const now = Math.floor(Date.now() / 1000)
  const good = (e: { datastoreEndpoint: string }) => ({
    authPayload: { iss: 'https://idp.example/', aud: e.datastoreEndpoint, iat: now, nbf: now, exp: now + 60, isAuthorized: 'true', uid: 'u1', scope: 'system/*.read' },
    iamRoleARN: 'arn:aws:iam::123456789012:role/x',
  })
  const get = async () => (await fetch(`${target.url}Patient?_count=1`, { headers: { Authorization: 'Bearer opaque-token' } })).status
  answer = good
  t.equal(await get(), 200)
  t.same(events.at(-1), { datastoreEndpoint: target.url, operationName: 'SearchWithGet', bearerToken: 'opaque-token' })
  answer = (e) => ({ ...good(e), authPayload: { ...good(e).authPayload, isAuthorized: false } })
  t.equal(await get(), 401, 'isAuthorized false')
  answer = (e) => ({ ...good(e), authPayload: { ...good(e).authPayload, aud: 'https://healthlake.us-east-1.amazonaws.com/datastore/abc/r4/' } })
  t.equal(await get(), 401, 'wrong aud')
  answer = (e) => ({ ...good(e), authPayload: { ...good(e).authPayload, exp: now - 1 } })
  t.equal(await get(), 401, 'expired')
  answer = (e) => ({ ...good(e), authPayload: { ...good(e).authPayload, nbf: now + 600 } })
  t.equal(await get(), 401, 'nbf in the future')
  answer = (e) => new Promise((r) => setTimeout(() => r(good(e)), 1300))
  t.equal(await get(), 401, 'over the 1 s limit')
  answer = () => {
    throw new Error('boom')
  }
  t.equal(await get(), 401, 'a throwing validator')
  answer = (e) => ({ ...good(e), authPayload: { ...good(e).authPayload, scope: 'system/*.read' } })
  t.equal(
    (
      await fetch(`${target.url}Patient/x`, {
        method: 'PUT',
        headers: { Authorization: 'Bearer opaque-token', 'Content-Type': 'application/fhir+json' },
        body: JSON.stringify({ resourceType: 'Patient', id: 'x' }),
      })
    ).status,
    403,
    'read scope cannot write',
  )
})

t.test('AUTH-09: a user handler module is loaded by path and called with the same contract', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'shoreline-lambda-'))
  const path = join(dir, 'handler.mjs')
  writeFileSync(
    path,
    `export const handler = async (event) => {
    const now = Math.floor(Date.now() / 1000)
    return { authPayload: { iss: 'x', aud: event.datastoreEndpoint, iat: now, nbf: now, exp: now + 60, isAuthorized: event.bearerToken === 'let-me-in', uid: 'u', scope: 'user/Patient.rs' }, iamRoleARN: 'arn:aws:iam::123456789012:role/r' }
  }\n`,
  )
  const target = await startServer({ auth: 'smart', tokenValidator: await loadHandlerModule(path) })
  t.teardown(() => target.close())
  t.equal((await fetch(`${target.url}Patient`, { headers: { Authorization: 'Bearer let-me-in' } })).status, 200)
  t.equal((await fetch(`${target.url}Patient`, { headers: { Authorization: 'Bearer nope' } })).status, 401)
  t.equal((await fetch(`${target.url}Observation`, { headers: { Authorization: 'Bearer let-me-in' } })).status, 403, 'user/Patient.rs does not reach Observation')
  await t.rejects(loadHandlerModule(join(dir, 'missing.mjs')))
})

t.test('AUTH-10: SMART v1 and v2 scopes: 403 for ungranted types and actions, in bundles too', async (t) => {
  const patientsOnly = await fx.token('system/Patient.rs')
  t.equal((await fhir('GET', 'Patient/pat-a', patientsOnly)).status, 200)
  t.equal((await fhir('GET', 'Observation?subject=Patient/pat-a', patientsOnly)).status, 403)
  t.equal((await fhir('PUT', 'Patient/pat-a', patientsOnly, { resourceType: 'Patient', id: 'pat-a' })).status, 403, 'rs does not update')
  const v1 = await fx.token('system/*.read')
  t.equal((await fhir('GET', 'Observation', v1)).status, 200)
  t.equal((await fhir('DELETE', 'Observation/pat-a-o0', v1)).status, 403, 'v1 read cannot delete')
  const v1write = await fx.token('system/*.write')
  t.equal((await fhir('GET', 'Observation', v1write)).status, 403, 'v1 write cannot search')
  const creates = await fx.token('system/Patient.c')
  t.equal((await fhir('POST', 'Patient', creates, { resourceType: 'Patient' })).status, 201, 'v2 c creates')
  t.equal((await fhir('GET', 'Patient', creates)).status, 403, 'v2 c cannot search')
  const bundle = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { fullUrl: 'urn:uuid:1', resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } },
      { resource: { resourceType: 'Observation', status: 'final', code: { text: 'x' } }, request: { method: 'POST', url: 'Observation' } },
    ],
  }
  const tx = await fhir('POST', '', creates, bundle)
  t.equal(tx.status, 403, 'a transaction entry outside the scope fails the whole transaction')
  const count = await fhir('GET', 'Patient?_summary=count', v1)
  const batch = await fhir('POST', '', creates, { ...bundle, type: 'batch' })
  t.equal(batch.status, 200)
  t.same(
    batch.body.entry.map((e: { response: { status: string } }) => e.response.status),
    ['201', '403'],
    'batch answers per entry',
  )
  t.equal((await fhir('GET', 'Patient?_summary=count', v1)).body.total, count.body.total + 1)
})

t.test('AUTH-11: v2 granular filters limit search results and reads', async (t) => {
  const labs = await fx.token('system/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory')
  const res = await fhir('GET', 'Observation', labs)
  t.equal(res.status, 200)
  const ids = res.body.entry.map((e: { resource: { id: string } }) => e.resource.id).sort()
  t.same(ids, ['pat-a-o0', 'pat-b-o0'])
  t.equal((await fhir('GET', 'Observation/pat-a-o0', labs)).status, 200)
  t.equal((await fhir('GET', 'Observation/pat-a-o1', labs)).status, 403, 'a vital sign is outside the filter')
  const both = await fx.token('system/Observation.rs?category=laboratory system/Observation.rs?category=vital-signs')
  t.equal((await fhir('GET', 'Observation', both)).body.entry.length, 4, 'two filters OR together')
})

t.test("AUTH-12: patient/ scopes are limited to the patient's compartment, for reads, searches, includes and writes", async (t) => {
  const verifier = randomBytes(32).toString('base64url')
  const loc = (
    await fetch(
      `${fx.target.origin}/auth/authorize?${new URLSearchParams({ response_type: 'code', client_id: PUBLIC_APP, redirect_uri: REDIRECT, scope: 'launch/patient patient/*.rs', state: 's', aud: fx.target.url, code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256' })}`,
      { redirect: 'manual' },
    )
  ).headers.get('location')!
  const tok = await tokenRequest(fx.target, {
    grant_type: 'authorization_code',
    code: new URL(loc).searchParams.get('code')!,
    redirect_uri: REDIRECT,
    client_id: PUBLIC_APP,
    code_verifier: verifier,
  })
  const token = tok.body!.access_token as string
  t.equal((await fhir('GET', 'Patient/pat-a', token)).status, 200)
  t.equal((await fhir('GET', 'Patient/pat-b', token)).status, 403)
  t.equal((await fhir('GET', 'Observation/pat-b-o0', token)).status, 403)
  const obs = await fhir('GET', 'Observation', token)
  t.same(obs.body.entry.map((e: { resource: { id: string } }) => e.resource.id).sort(), ['pat-a-o0', 'pat-a-o1'])
  t.equal(obs.body.total, 2)
  const inc = await fhir('GET', 'Observation?_id=pat-a-o0&_include=Observation:subject', token)
  t.equal(inc.body.entry.length, 2, 'the own patient is included')
  // Writes: a backend client in a patient context.
  const writer = await tokenRequest(fx.target, backendForm(await assertion('patient-writer', fx.target.auth!.tokenUrl, fx.rsa), 'patient/*.cruds'))
  t.equal(writer.status, 401, 'patient-writer has no keys registered')
})

t.test('AUTH-13: writes under patient/ scopes stay inside the compartment', async (t) => {
  const key = await clientKey('RS384')
  const writerTarget = await startServer({
    auth: 'smart',
    authConfig: {
      clients: [
        { client_id: 'w', jwks: { keys: [key.publicJwk] }, scope: 'patient/*.cruds', launch: { patient: 'pat-a' } },
        { client_id: 'admin', jwks: { keys: [key.publicJwk] }, scope: 'system/*.cruds' },
      ],
    },
  })
  t.teardown(() => writerTarget.close())
  const tokenFor = async (id: string, scope: string) =>
    (await tokenRequest(writerTarget, backendForm(await assertion(id, writerTarget.auth!.tokenUrl, key), scope))).body!.access_token as string
  const sys = await tokenFor('admin', 'system/*.cruds')
  const put = (path: string, tok: string, body: unknown) =>
    fetch(writerTarget.url + path, { method: 'PUT', headers: { Authorization: `Bearer ${tok}`, 'Content-Type': 'application/fhir+json' }, body: JSON.stringify(body) })
  for (const p of ['pat-a', 'pat-b']) t.equal((await put(`Patient/${p}`, sys, { resourceType: 'Patient', id: p })).status, 201)
  const w = await tokenFor('w', 'patient/*.cruds')
  const obs = (id: string, p: string) => ({ resourceType: 'Observation', id, status: 'final', code: { text: 'x' }, subject: { reference: `Patient/${p}` } })
  t.equal((await put('Observation/mine', w, obs('mine', 'pat-a'))).status, 201)
  t.equal((await put('Observation/theirs', w, obs('theirs', 'pat-b'))).status, 403, 'cannot write into another compartment')
  t.equal((await fetch(`${writerTarget.url}Observation/theirs`, { headers: { Authorization: `Bearer ${sys}` } })).status, 404, 'and nothing was stored')
  t.equal((await put('Observation/mine', w, obs('mine', 'pat-b'))).status, 403, 'cannot move a resource out of the compartment')
  t.equal((await fetch(`${writerTarget.url}Observation/mine`, { method: 'DELETE', headers: { Authorization: `Bearer ${w}` } })).status, 204)
  const post = (body: unknown) =>
    fetch(`${writerTarget.url}Observation`, { method: 'POST', headers: { Authorization: `Bearer ${w}`, 'Content-Type': 'application/fhir+json' }, body: JSON.stringify(body) })
  const before = ((await (await fetch(`${writerTarget.url}Observation?_summary=count`, { headers: { Authorization: `Bearer ${sys}` } })).json()) as { total: number }).total
  t.equal((await post({ ...obs('x', 'pat-a'), id: undefined })).status, 201, 'a POST create inside the compartment')
  t.equal((await post({ ...obs('x', 'pat-b'), id: undefined })).status, 403, 'a POST create outside it')
  const after = ((await (await fetch(`${writerTarget.url}Observation?_summary=count`, { headers: { Authorization: `Bearer ${sys}` } })).json()) as { total: number }).total
  t.equal(after, before + 1, 'the refused create left nothing behind')
})

t.test('AUTH-14: SigV4 mode (AWS_AUTH) accepts signed requests and refuses unsigned or wrongly signed ones', async (t) => {
  const { SignatureV4 } = await import('@smithy/signature-v4')
  const { Hash } = await import('@smithy/hash-node')
  const target = await startServer({ auth: 'sigv4' })
  t.teardown(() => target.close())
  const u = new URL(`${target.url}Patient`)
  const send = async (secret: string, accessKeyId = 'SHORELINETESTKEY0000') => {
    const signer = new SignatureV4({ credentials: { accessKeyId, secretAccessKey: secret }, region: 'us-east-1', service: 'healthlake', sha256: Hash.bind(null, 'sha256') })
    const body = JSON.stringify({ resourceType: 'Patient', gender: 'male' })
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: u.hostname,
      port: Number(u.port),
      path: u.pathname,
      query: {},
      headers: { host: u.host, 'content-type': 'application/fhir+json' },
      body,
    })
    return (await fetch(u, { method: 'POST', headers: signed.headers as Record<string, string>, body })).status
  }
  t.equal(await send('shoreline-local-test-secret-not-for-aws'), 201)
  t.equal(await send('wrong-secret'), 403)
  t.equal(await send('shoreline-local-test-secret-not-for-aws', 'AKIDUNKNOWN'), 403)
  t.equal((await fetch(u)).status, 403, 'unsigned')
})
