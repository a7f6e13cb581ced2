// Every fault in server/faults/catalogue.ts changes the target's behaviour as described, and only
// while it is on: each probe runs against a clean target and a target with that one fault, and
// must see the correct answer on the first and a different one on the second.
import type { Json } from '../helpers.js'
import t from 'tap'
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { createServer, request as httpRequest, type Server } from 'node:http'
import { get as httpsGet } from 'node:https'
import { connect as tlsConnect } from 'node:tls'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { FAULTS, parseFaults, type FaultName, type Faults } from '../../server/faults/catalogue.js'
import { DEFAULT_SIGV4, startServer, type RunningServer, type ServerOptions } from '../../server/http/server.js'
import { selfSignedCertificate, type TlsOptions } from '../../server/http/listener.js'
import type { TokenValidator } from '../../server/auth/lambda.js'
import { referenceLambda } from '../../server/auth/reference-lambda.js'
import { DescribeFHIRDatastoreCommand, DescribeFHIRExportJobCommand, HealthLakeClient, StartFHIRExportJobCommand } from '@aws-sdk/client-healthlake'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { buildCorpus } from '../../generators/invalid/corpus.js'
import { generatorLexicon } from '../../cli/nlp-lexicon.js'
import { assertion, backendForm, BACKEND, clientKey, CONFIDENTIAL_APP, PUBLIC_APP, REDIRECT, SECRET, SECRET_CLIENT, tokenRequest, type ClientKey } from './auth-helpers.js'

type Setup = 'plain' | 'smart' | 'lambda' | 'nlp' | 'tls'

interface Probe {
  setup: Setup
  /** What the clean target answers; the faulty one must answer something else. */
  good: unknown
  run(p: ProbeEnv): Promise<unknown>
}

/** A Patient claiming US Core written and read back (the US Core faults drop its first must-support or required element: identifier). */
async function usCorePatientRead(e: ProbeEnv): Promise<Json> {
  const patient = {
    resourceType: 'Patient',
    id: 'usc1',
    meta: { profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'] },
    identifier: [{ system: 'urn:test', value: 'usc1' }],
    name: [{ family: 'Core' }],
    gender: 'female',
  }
  await e.fhir('PUT', 'Patient/usc1', patient)
  return (await e.fhir('GET', 'Patient/usc1')).body
}

/** The severities of the issues a `$validate` answers for `body`. */
async function validatedAs(e: ProbeEnv, path: string, body: unknown): Promise<unknown[]> {
  const r = await e.fhir('POST', path, body)
  return [...new Set((r.body.issue as Json[]).map((i) => i.severity))]
}

interface ProbeEnv {
  target: RunningServer
  /** The faults the target runs with (the reference Lambda takes them too). */
  faults: FaultName[]
  key: ClientKey
  fhir(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: Json }>
  /** Token endpoint status for a client assertion built with these options. */
  assertStatus(o?: Parameters<typeof assertion>[3]): Promise<number>
  token(scope: string): Promise<string>
}

const json = { 'Content-Type': 'application/fhir+json' }
const asyncKick = { ...json, Prefer: 'respond-async' }
const now = () => Math.floor(Date.now() / 1000)
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')

/** Lambda tokens are `kind:scope[:patient]`; the validator answers with the payload that kind breaks. */
const lambda: TokenValidator = async (event) => {
  const [kind, scope = '', patient, fhirUser] = event.bearerToken.split(':')
  const n = now()
  const payload = {
    iss: 'https://idp.test/',
    aud: event.datastoreEndpoint,
    iat: n,
    nbf: n,
    exp: n + 60,
    isAuthorized: true,
    uid: 'u',
    scope: scope.replace(/\+/g, ' '),
    ...(patient ? { patient } : {}),
    ...(fhirUser ? { fhirUser } : {}),
  }
  if (kind === 'expired') payload.exp = n - 10
  if (kind === 'nbf') payload.nbf = n + 600
  if (kind === 'aud') payload.aud = 'https://healthlake.us-east-1.amazonaws.com/datastore/elsewhere/r4/'
  if (kind === 'denied') payload.isAuthorized = false
  return { authPayload: payload, iamRoleARN: 'arn:aws:iam::123456789012:role/r' }
}

const patient = (id: string, family: string, gender = 'female') => ({ resourceType: 'Patient', id, name: [{ family }], gender, identifier: [{ system: 'urn:test', value: id }] })
const obs = (id: string, subject: string, code: string, date: string) => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code }] },
  subject: { reference: `Patient/${subject}` },
  effectiveDateTime: date,
})

const VS_URL = 'https://probe.example/ValueSet/a'
/** A ValueSet at VS_URL version 1, the same url at version 2 (one match for url|2), and one whose url extends it. */
async function valueSets(e: ProbeEnv) {
  for (const [id, url, version] of [
    ['vs1', VS_URL, '1'],
    ['vs2', VS_URL, '2'],
    ['vs3', `${VS_URL}-longer`, '1'],
  ])
    await e.fhir('PUT', `ValueSet/${id}`, { resourceType: 'ValueSet', id, status: 'draft', url, version })
}

const URN = 'urn:uuid:0b8e6c4e-1f7e-4a43-9a3c-3b7a5d3f0a11'

/** A transaction creating a Patient (fullUrl `patient`) and an Observation about `reference`: the subject as stored. */
async function txSubject(e: ProbeEnv, patient: string, reference: string, observation?: string): Promise<string> {
  const r = await e.fhir('POST', '', {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { fullUrl: patient, resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } },
      {
        ...(observation ? { fullUrl: observation } : {}),
        resource: { resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference } },
        request: { method: 'POST', url: 'Observation' },
      },
    ],
  })
  return String(r.body.entry[1].resource.subject.reference)
}

async function seed(e: ProbeEnv) {
  const resources = [
    patient('p1', 'Smith'),
    patient('p2', 'Smithson'),
    patient('p3', 'Jones'),
    patient('p4', 'Brown'),
    patient('p5', 'Green', 'male'),
    obs('o1', 'p1', '8867-4', '2023-06-01'),
    obs('o2', 'p2', '8310-5', '2025-02-01'),
  ]
  const res = await e.fhir('POST', '', {
    resourceType: 'Bundle',
    type: 'batch',
    entry: resources.map((r) => ({ resource: r, request: { method: 'PUT', url: `${r.resourceType}/${r.id}` } })),
  })
  if (res.status !== 200) throw new Error(`seed: ${JSON.stringify(res.body)}`)
}

async function poll(e: ProbeEnv, url: string, headers: Record<string, string> = {}) {
  for (let i = 0; i < 200; i++) {
    const res = await fetch(url, { headers })
    if (res.status !== 202) return res
    await sleep(10)
  }
  throw new Error('never finished')
}

async function exportManifest(e: ProbeEnv, query = '', headers: Record<string, string> = {}) {
  const kick = await fetch(`${e.target.url}$export${query}`, { headers: { ...asyncKick, ...headers } })
  return (await (await poll(e, kick.headers.get('content-location')!, headers)).json()) as { output?: Array<{ type: string; url: string }> }
}

/** A loopback server for $import; `delayMs` holds every answer back (to keep the job queue busy). */
async function files(map: Record<string, string>, delayMs = 0): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const body = map[(req.url ?? '/').slice(1)]
    setTimeout(() => (body === undefined ? res.writeHead(404).end() : res.writeHead(200).end(body)), delayMs)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, server }
}

async function importJob(e: ProbeEnv, ndjson: string, level = 'strict') {
  const manifest = { output: [{ type: 'Mixed', url: 'data.ndjson' }] }
  const { url, server } = await files({ 'manifest.json': JSON.stringify(manifest), 'data.ndjson': ndjson })
  try {
    const kick = await e.fhir(
      'POST',
      '$import',
      {
        resourceType: 'Parameters',
        parameter: [
          { name: 'manifestUrl', valueUrl: `${url}manifest.json` },
          { name: 'validationLevel', valueCode: level },
        ],
      },
      { Prefer: 'respond-async' },
    )
    return (await (await poll(e, kick.headers.get('content-location')!)).json()) as { counters: Record<string, number>; error: unknown[] }
  } finally {
    server.close()
  }
}

/** An approved authorization request of `clientId`: the code (null when refused) and its verifier. */
async function issuedCode(e: ProbeEnv, method: string, clientId = PUBLIC_APP, scope = 'patient/*.rs'): Promise<{ code: string | null; verifier: string }> {
  const verifier = randomBytes(32).toString('base64url')
  const challenge = method === 'plain' ? verifier : createHash('sha256').update(verifier).digest('base64url')
  const res = await fetch(
    `${e.target.origin}/auth/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: REDIRECT, scope, state: 's', aud: e.target.url, code_challenge: challenge, code_challenge_method: method })}`,
    { redirect: 'manual' },
  )
  return { code: new URL(res.headers.get('location')!).searchParams.get('code'), verifier }
}

async function authCode(e: ProbeEnv, method: string, verifierOverride?: string, scope = 'patient/*.rs') {
  const { code, verifier } = await issuedCode(e, method, PUBLIC_APP, scope)
  if (!code) return { code: null, status: 0 }
  const tok = await tokenRequest(e.target, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: PUBLIC_APP, code_verifier: verifierOverride ?? verifier })
  return { code, status: tok.status, idToken: tok.body?.id_token as string | undefined, body: tok.body, verifier: verifierOverride ?? verifier }
}

/** The introspection of `token`, asked by the backend client authenticating with an assertion. */
async function introspected(e: ProbeEnv, token: string): Promise<{ patient?: string; client_id?: string }> {
  const form: Record<string, string> = { ...backendForm(await assertion(BACKEND, e.target.auth!.tokenUrl, e.key)), token }
  delete form.grant_type
  delete form.scope
  const r = await fetch(`${e.target.origin}/auth/introspect`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) })
  return (await r.json()) as { patient?: string; client_id?: string }
}

/** The state the authorization redirect carries back. */
async function stateBack(e: ProbeEnv, method: 'GET' | 'POST' = 'GET') {
  const challenge = createHash('sha256').update('v'.repeat(43)).digest('base64url')
  const q = {
    response_type: 'code',
    client_id: PUBLIC_APP,
    redirect_uri: REDIRECT,
    scope: 'patient/*.rs',
    state: 'st-42',
    aud: e.target.url,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }
  const res =
    method === 'GET'
      ? await fetch(`${e.target.origin}/auth/authorize?${new URLSearchParams(q)}`, { redirect: 'manual' })
      : await fetch(`${e.target.origin}/auth/authorize`, {
          method,
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(q),
        })
  const location = res.headers.get('location')
  return location ? new URL(location).searchParams.get('state') : `HTTP ${res.status}`
}

/** The scope a refresh asking for more than the original grant gets (none when refused). */
async function refreshedWider(e: ProbeEnv) {
  const first = await authCode(e, 'S256', undefined, 'patient/*.rs offline_access')
  const form = { grant_type: 'refresh_token', refresh_token: String(first.body?.refresh_token), client_id: PUBLIC_APP, scope: 'patient/*.rs patient/*.cruds' }
  const r = await tokenRequest(e.target, form)
  return (r.body?.scope as string | undefined) ?? null
}

const smartConf = async (e: ProbeEnv) => {
  const res = await fetch(`${e.target.url}.well-known/smart-configuration`)
  return { type: res.headers.get('content-type'), conf: (await res.json()) as Record<string, Json> }
}
const basic = { Authorization: `Basic ${Buffer.from(`${SECRET_CLIENT}:${SECRET}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' }
const count = async (e: ProbeEnv, q: string, tok?: string) => (await e.fhir('GET', q, undefined, tok ? { Authorization: `Bearer ${tok}` } : {})).body.total as number
const lam = (e: ProbeEnv, path: string, token: string) => e.fhir('GET', path, undefined, { Authorization: `Bearer ${token}` }).then((r) => r.status)

// Keyed by FaultName: a fault without a probe, or a probe for no fault, is a type error.
const PROBES: Record<FaultName, Probe> = {
  // discovery
  'discovery-no-token-endpoint': { setup: 'smart', good: 'string', run: async (e) => typeof (await smartConf(e)).conf.token_endpoint },
  'tls-allows-1.0': { setup: 'tls', good: ['refused', 'refused'], run: async (e) => [await tlsHandshake(e, 'TLSv1'), await tlsHandshake(e, 'TLSv1.1')] },
  'plain-http-on-tls-port': { setup: 'tls', good: 'refused', run: (e) => plainTokenRequest(e) },
  'token-endpoint-plain-http': {
    setup: 'tls',
    good: 'https:',
    run: async (e) => new URL((JSON.parse(await httpsText(`${e.target.url}.well-known/smart-configuration`)) as { token_endpoint: string }).token_endpoint).protocol,
  },
  'discovery-no-s256': { setup: 'smart', good: true, run: async (e) => (await smartConf(e)).conf.code_challenge_methods_supported.includes('S256') },
  'discovery-plain-pkce': { setup: 'smart', good: null, run: async (e) => (await authCode(e, 'plain')).code && 'issued' },
  'discovery-dead-endpoint': {
    setup: 'smart',
    good: true,
    run: async (e) =>
      (await fetch((await smartConf(e)).conf.revocation_endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=x' })).status !==
      404,
  },
  'brands-endpoint-unresolvable': {
    setup: 'smart',
    good: 200,
    run: async (e) => {
      const bundle = (await (await fetch((await smartConf(e)).conf.user_access_brand_bundle)).json()) as Json
      const endpoint = (bundle.entry as Json[]).find((x) => x.resource.resourceType === 'Endpoint').resource
      return (await fetch(`${endpoint.address}metadata`)).status
    },
  },
  'brands-no-timestamp': {
    setup: 'smart',
    good: 'string',
    run: async (e) => typeof ((await (await fetch((await smartConf(e)).conf.user_access_brand_bundle)).json()) as Json).timestamp,
  },
  'brands-endpoint-unbranded': {
    setup: 'smart',
    good: ['Endpoint/shoreline-r4'],
    run: async (e) => {
      const bundle = (await (await fetch((await smartConf(e)).conf.user_access_brand_bundle)).json()) as Json
      return (bundle.entry as Json[]).flatMap((x) => (x.resource.endpoint ?? []).map((r: Json) => r.reference))
    },
  },
  'discovery-no-jwks-uri': { setup: 'smart', good: 'string', run: async (e) => typeof (await smartConf(e)).conf.jwks_uri },
  'discovery-no-issuer': { setup: 'smart', good: 'string', run: async (e) => typeof (await smartConf(e)).conf.issuer },
  'discovery-no-capabilities': { setup: 'smart', good: true, run: async (e) => Array.isArray((await smartConf(e)).conf.capabilities) },
  'discovery-no-asymmetric-alg': { setup: 'smart', good: true, run: async (e) => (await smartConf(e)).conf.token_endpoint_auth_signing_alg_values_supported.includes('RS384') },
  'discovery-stu1-only': { setup: 'smart', good: true, run: async (e) => Array.isArray((await smartConf(e)).conf.grant_types_supported) },
  'discovery-missing': { setup: 'smart', good: 200, run: async (e) => (await fetch(`${e.target.url}.well-known/smart-configuration`)).status },
  'discovery-no-authorization-code': { setup: 'smart', good: true, run: async (e) => (await smartConf(e)).conf.grant_types_supported.includes('authorization_code') },
  'discovery-capabilities-not-strings': { setup: 'smart', good: true, run: async (e) => (await smartConf(e)).conf.capabilities.every((c: unknown) => typeof c === 'string') },
  'discovery-no-auth-methods': { setup: 'smart', good: true, run: async (e) => Array.isArray((await smartConf(e)).conf.token_endpoint_auth_methods_supported) },
  'capability-not-a-capability-statement': { setup: 'plain', good: 'CapabilityStatement', run: async (e) => (await e.fhir('GET', 'metadata')).body.resourceType },
  'capability-wrong-fhir-version': { setup: 'plain', good: '4.0.1', run: async (e) => (await e.fhir('GET', 'metadata')).body.fhirVersion },
  'capability-no-json-format': { setup: 'plain', good: true, run: async (e) => (await e.fhir('GET', 'metadata')).body.format.includes('json') },
  'us-core-patient-unclaimed': {
    setup: 'plain',
    good: true,
    run: async (e) =>
      ((await e.fhir('GET', 'metadata')).body.rest[0].resource.find((r: { type: string }) => r.type === 'Patient').supportedProfile ?? []).some((p: string) =>
        p.endsWith('/us-core-patient'),
      ),
  },
  'capability-oauth-uris-mismatch': {
    setup: 'smart',
    good: true,
    run: async (e) =>
      (await e.fhir('GET', 'metadata')).body.rest[0].security.extension[0].extension.find((x: { url: string }) => x.url === 'token').valueUri ===
      (await smartConf(e)).conf.token_endpoint,
  },
  'discovery-no-cors': {
    setup: 'smart',
    good: '*',
    run: async (e) => (await fetch(`${e.target.url}.well-known/smart-configuration`, { headers: { Origin: 'http://app.test' } })).headers.get('access-control-allow-origin'),
  },
  'discovery-wrong-content-type': { setup: 'smart', good: 'application/json', run: async (e) => (await smartConf(e)).type },
  'metadata-no-cors': {
    setup: 'plain',
    good: '*',
    run: async (e) => (await fetch(`${e.target.url}metadata`, { headers: { Origin: 'https://app.test' } })).headers.get('access-control-allow-origin'),
  },
  'capability-search-param-types-wrong': {
    setup: 'plain',
    good: 'date',
    run: async (e) =>
      (await e.fhir('GET', 'metadata')).body.rest[0].resource.find((r: { type: string }) => r.type === 'Patient').searchParam.find((p: { name: string }) => p.name === 'birthdate')
        .type,
  },
  'capability-no-security': { setup: 'smart', good: 'SMART-on-FHIR', run: async (e) => (await e.fhir('GET', 'metadata')).body.rest[0].security?.service[0].coding[0].code ?? null },
  'capability-no-export': {
    setup: 'plain',
    good: true,
    run: async (e) => Boolean((await e.fhir('GET', 'metadata')).body.rest[0].operation?.some((o: { name: string }) => o.name === 'export')),
  },
  // token endpoint
  'token-no-cors': {
    setup: 'smart',
    good: new URL(REDIRECT).origin,
    run: async (e) =>
      (
        await fetch(e.target.auth!.tokenUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: new URL(REDIRECT).origin },
          body: new URLSearchParams({ grant_type: 'authorization_code', code: 'none', client_id: PUBLIC_APP }),
        })
      ).headers.get('access-control-allow-origin'),
  },
  'token-expired-assertion-accepted': { setup: 'smart', good: 401, run: (e) => e.assertStatus({ claims: { exp: now() - 30 } }) },
  'token-aud-ignored': { setup: 'smart', good: 401, run: (e) => e.assertStatus({ claims: { aud: 'http://127.0.0.1:1/other/token' } }) },
  'token-unknown-kid-accepted': { setup: 'smart', good: 401, run: (e) => e.assertStatus({ header: { kid: 'not-registered' } }) },
  'token-alg-none-accepted': {
    setup: 'smart',
    good: 401,
    run: async (e) =>
      (await tokenRequest(e.target, backendForm(`${b64({ alg: 'none' })}.${b64({ iss: BACKEND, sub: BACKEND, aud: e.target.auth!.tokenUrl, exp: now() + 60, jti: 'n1' })}.`)))
        .status,
  },
  'token-hs256-accepted': {
    setup: 'smart',
    good: 401,
    run: async (e) => {
      const h = b64({ alg: 'HS256', kid: e.key.kid })
      const p = b64({ iss: BACKEND, sub: BACKEND, aud: e.target.auth!.tokenUrl, exp: now() + 60, jti: 'h1' })
      return (await tokenRequest(e.target, backendForm(`${h}.${p}.${createHmac('sha256', JSON.stringify(e.key.publicJwk)).update(`${h}.${p}`).digest('base64url')}`))).status
    },
  },
  'token-jti-replay-accepted': {
    setup: 'smart',
    good: 401,
    run: async (e) => {
      const a = await assertion(BACKEND, e.target.auth!.tokenUrl, e.key)
      await tokenRequest(e.target, backendForm(a))
      return (await tokenRequest(e.target, backendForm(a))).status
    },
  },
  'token-iss-sub-unchecked': { setup: 'smart', good: 401, run: (e) => e.assertStatus({ claims: { sub: 'someone-else' } }) },
  'token-kid-unchecked': { setup: 'smart', good: 401, run: (e) => e.assertStatus({ header: { kid: `../../keys/${e.key.kid}` } }) },
  'token-jku-unchecked': { setup: 'smart', good: 401, run: (e) => e.assertStatus({ header: { jku: 'https://attacker.invalid/jwks.json' } }) },
  'token-no-exp-accepted': { setup: 'smart', good: 401, run: (e) => e.assertStatus({ omit: ['exp'] }) },
  'token-long-assertion-accepted': { setup: 'smart', good: 401, run: (e) => e.assertStatus({ claims: { exp: now() + 900 } }) },
  'token-nbf-ignored': { setup: 'smart', good: 401, run: (e) => e.assertStatus({ claims: { nbf: now() + 600 } }) },
  'token-signature-unchecked': {
    setup: 'smart',
    good: 401,
    run: async (e) => (await tokenRequest(e.target, backendForm((await assertion(BACKEND, e.target.auth!.tokenUrl, e.key)).split('.').slice(0, 2).join('.') + '.'))).status,
  },
  'token-scope-not-narrowed': {
    setup: 'smart',
    good: 'invalid_scope',
    run: async (e) =>
      (await tokenRequest(e.target, { grant_type: 'client_credentials', scope: 'system/Encounter.cruds', client_id: SECRET_CLIENT, client_secret: SECRET })).body!.error ??
      'granted',
  },
  'token-scope-refused-invalid-request': {
    setup: 'smart',
    good: 'invalid_scope',
    run: async (e) =>
      (await tokenRequest(e.target, { grant_type: 'client_credentials', scope: 'system/NoSuchType.cruds', client_id: SECRET_CLIENT, client_secret: SECRET })).body?.error,
  },
  'token-long-lived': {
    setup: 'smart',
    good: 300,
    run: async (e) =>
      (await tokenRequest(e.target, { grant_type: 'client_credentials', scope: 'system/Patient.rs', client_id: SECRET_CLIENT, client_secret: SECRET })).body?.expires_in,
  },
  'rs-nonresource-token-full-access': {
    setup: 'smart',
    good: 'refused',
    run: async (e) => {
      const tok = await tokenRequest(e.target, { grant_type: 'client_credentials', scope: 'openid', client_id: SECRET_CLIENT, client_secret: SECRET })
      const token = tok.body?.access_token
      if (typeof token !== 'string') return 'refused'
      return (await e.fhir('GET', 'Patient', undefined, { Authorization: `Bearer ${token}` })).status
    },
  },
  'oidc-id-token-no-iat': {
    setup: 'smart',
    good: 'number',
    run: async (e) => {
      const { idToken } = await authCode(e, 'S256', undefined, 'openid patient/*.rs')
      return idToken ? typeof JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString()).iat : 'no id_token'
    },
  },
  'oidc-id-token-alg-unlisted': {
    setup: 'smart',
    good: 'RS256',
    run: async (e) => {
      const { idToken } = await authCode(e, 'S256', undefined, 'openid patient/*.rs')
      return idToken ? JSON.parse(Buffer.from(idToken.split('.')[0]!, 'base64url').toString()).alg : 'no id_token'
    },
  },
  'token-pkce-ignored': { setup: 'smart', good: 400, run: async (e) => (await authCode(e, 'S256', 'w'.repeat(43))).status },
  'token-requires-client-id': { setup: 'smart', good: 200, run: (e) => e.assertStatus() },
  'token-assertion-type-unchecked': {
    setup: 'smart',
    good: 401,
    run: async (e) =>
      (
        await tokenRequest(e.target, {
          ...backendForm(await assertion(BACKEND, e.target.auth!.tokenUrl, e.key)),
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer',
        })
      ).status,
  },
  'token-client-auth-invalid-request': {
    setup: 'smart',
    good: 'invalid_client',
    run: async (e) => (await tokenRequest(e.target, backendForm(await assertion(BACKEND, `${e.target.auth!.tokenUrl}/elsewhere`, e.key)))).body?.error,
  },
  'token-json-body-accepted': {
    setup: 'smart',
    good: 400,
    run: async (e) =>
      (
        await fetch(e.target.auth!.tokenUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(backendForm(await assertion(BACKEND, e.target.auth!.tokenUrl, e.key))),
        })
      ).status,
  },
  'token-client-id-mismatch-accepted': {
    setup: 'smart',
    good: 401,
    run: async (e) => (await tokenRequest(e.target, { ...backendForm(await assertion(BACKEND, e.target.auth!.tokenUrl, e.key)), client_id: 'someone-else' })).status,
  },
  'token-wildcard-refused': {
    setup: 'smart',
    good: 200,
    run: async (e) => (await tokenRequest(e.target, backendForm(await assertion(BACKEND, e.target.auth!.tokenUrl, e.key), 'system/*.rs'))).status,
  },
  'token-mixed-scopes-v1-dropped': {
    setup: 'smart',
    good: 200,
    run: async (e) => {
      const tok = await tokenRequest(e.target, backendForm(await assertion(BACKEND, e.target.auth!.tokenUrl, e.key), 'system/Patient.read system/Observation.rs'))
      return (await e.fhir('GET', 'Patient?_count=1', undefined, { Authorization: `Bearer ${String(tok.body?.access_token)}` })).status
    },
  },
  'token-code-client-unchecked': {
    setup: 'smart',
    good: 400,
    run: async (e) => {
      // The public app's code, redeemed by the backend client authenticating as itself.
      const { code, verifier } = await issuedCode(e, 'S256')
      const form = backendForm(await assertion(BACKEND, e.target.auth!.tokenUrl, e.key))
      delete form.scope
      return (await tokenRequest(e.target, { ...form, grant_type: 'authorization_code', code: code ?? '', redirect_uri: REDIRECT, code_verifier: verifier })).status
    },
  },
  'token-confidential-unauthenticated': {
    setup: 'smart',
    good: 401,
    run: async (e) => {
      // The confidential app's code, redeemed naming the client but without its secret.
      const { code, verifier } = await issuedCode(e, 'S256', CONFIDENTIAL_APP)
      return (await tokenRequest(e.target, { grant_type: 'authorization_code', code: code ?? '', redirect_uri: REDIRECT, code_verifier: verifier, client_id: CONFIDENTIAL_APP }))
        .status
    },
  },
  'introspect-launch-context-dropped': {
    setup: 'smart',
    good: 'p1',
    run: async (e) => (await introspected(e, String((await authCode(e, 'S256')).body?.access_token))).patient,
  },
  'introspect-active-bare': {
    setup: 'smart',
    good: BACKEND,
    run: async (e) => (await introspected(e, await e.token('system/Patient.rs'))).client_id,
  },
  'token-bad-grant-500': { setup: 'smart', good: 400, run: async (e) => (await tokenRequest(e.target, { grant_type: 'password', username: 'u', password: 'p' })).status },
  'token-unknown-client-500': { setup: 'smart', good: 401, run: (e) => e.assertStatus({ claims: { iss: 'nobody', sub: 'nobody' } }) },
  'token-errors-not-json': {
    setup: 'smart',
    good: 'invalid_request',
    run: async (e) => {
      const r = await fetch(e.target.auth!.tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'scope=x' })
      try {
        return ((await r.json()) as { error: string }).error
      } catch {
        return 'not JSON'
      }
    },
  },
  'token-no-cache-control': {
    setup: 'smart',
    good: 'no-store',
    run: async (e) => (await tokenRequest(e.target, backendForm(await assertion(BACKEND, e.target.auth!.tokenUrl, e.key)))).headers.get('cache-control'),
  },
  'authorize-state-dropped': { setup: 'smart', good: 'st-42', run: stateBack },
  'oidc-config-incomplete': {
    setup: 'smart',
    good: true,
    run: async (e) => 'subject_types_supported' in ((await (await fetch(`${e.target.origin}/auth/.well-known/openid-configuration`)).json()) as object),
  },
  'authorize-post-refused': { setup: 'smart', good: 'st-42', run: (e) => stateBack(e, 'POST') },
  'token-app-no-scope': { setup: 'smart', good: 'string', run: async (e) => typeof (await authCode(e, 'S256')).body?.scope },
  'token-code-reusable': {
    setup: 'smart',
    good: 400,
    run: async (e) => {
      const { code, verifier } = await authCode(e, 'S256')
      return (await tokenRequest(e.target, { grant_type: 'authorization_code', code: code!, redirect_uri: REDIRECT, client_id: PUBLIC_APP, code_verifier: verifier! })).status
    },
  },
  'token-fhir-context-absolute': {
    setup: 'smart',
    good: 'Observation/o1',
    run: async (e) => ((await authCode(e, 'S256')).body?.fhirContext as Array<{ reference: string }> | undefined)?.[0]?.reference ?? 'none',
  },
  'authorize-aud-ignored': {
    setup: 'smart',
    good: 'invalid_request',
    run: async (e) => {
      const q = { response_type: 'code', client_id: PUBLIC_APP, redirect_uri: REDIRECT, scope: 'patient/*.rs', state: 's', aud: 'https://counterfeit.invalid/fhir' }
      const challenge = createHash('sha256').update('v'.repeat(43)).digest('base64url')
      const res = await fetch(`${e.target.origin}/auth/authorize?${new URLSearchParams({ ...q, code_challenge: challenge, code_challenge_method: 'S256' })}`, {
        redirect: 'manual',
      })
      return new URL(res.headers.get('location')!).searchParams.get('error') ?? 'a code'
    },
  },
  'refresh-scope-widened': { setup: 'smart', good: 'patient/*.rs', run: refreshedWider },
  'refresh-scope-narrowing-ignored': {
    setup: 'smart',
    good: 'patient/Patient.rs',
    run: async (e) => {
      const first = await authCode(e, 'S256', undefined, 'patient/*.rs offline_access')
      const form = { grant_type: 'refresh_token', refresh_token: String(first.body?.refresh_token), client_id: PUBLIC_APP, scope: 'patient/Patient.rs' }
      const token = String((await tokenRequest(e.target, form)).body?.access_token)
      return (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { scope: string }).scope
    },
  },
  'token-type-not-bearer': {
    setup: 'smart',
    good: 'Bearer',
    run: async (e) => (await tokenRequest(e.target, backendForm(await assertion(BACKEND, e.target.auth!.tokenUrl, e.key)))).body!.token_type,
  },
  'introspect-inactive-leaks': {
    setup: 'smart',
    good: ['active'],
    run: async (e) => {
      const tok = await e.token('system/*.rs')
      await fetch(`${e.target.origin}/auth/revoke`, { method: 'POST', headers: basic, body: new URLSearchParams({ token: tok }) })
      return Object.keys(
        (await (await fetch(`${e.target.origin}/auth/introspect`, { method: 'POST', headers: basic, body: new URLSearchParams({ token: tok }) })).json()) as object,
      )
    },
  },
  'revocation-ignored': {
    setup: 'smart',
    good: 401,
    run: async (e) => {
      const tok = await e.token('system/*.rs')
      await fetch(`${e.target.origin}/auth/revoke`, { method: 'POST', headers: basic, body: new URLSearchParams({ token: tok }) })
      return (await e.fhir('GET', 'Patient', undefined, { Authorization: `Bearer ${tok}` })).status
    },
  },
  // resource server
  'rs-no-token-accepted': { setup: 'lambda', good: 401, run: async (e) => (await e.fhir('GET', 'Patient', undefined, { Authorization: 'none' })).status },
  'rs-expired-token-accepted': { setup: 'lambda', good: 401, run: (e) => lam(e, 'Patient', 'expired:system/*.rs') },
  'rs-nbf-ignored': { setup: 'lambda', good: 401, run: (e) => lam(e, 'Patient', 'nbf:system/*.rs') },
  'rs-aud-ignored': { setup: 'lambda', good: 401, run: (e) => lam(e, 'Patient', 'aud:system/*.rs') },
  'rs-unauthorized-accepted': { setup: 'lambda', good: 401, run: (e) => lam(e, 'Patient', 'denied:system/*.rs') },
  'rs-scopes-ignored': { setup: 'lambda', good: 403, run: (e) => lam(e, 'Observation', 'ok:system/Patient.rs') },
  'rs-compartment-ignored': { setup: 'lambda', good: 403, run: (e) => lam(e, 'Patient/p2', 'ok:patient/*.rs:p1') },
  'fine-grained-ignored': {
    setup: 'lambda',
    good: [200, 403],
    run: async (e) => {
      await e.fhir('PUT', 'Patient/fg1', { resourceType: 'Patient', id: 'fg1', generalPractitioner: [{ reference: 'Practitioner/dr' }] })
      const doctor = 'ok:user/Patient.rs::Practitioner/dr'
      return [await lam(e, 'Patient/fg1', doctor), await lam(e, 'Patient/p2', doctor)]
    },
  },
  'rs-granular-filter-ignored': { setup: 'lambda', good: 1, run: async (e) => count(e, 'Observation', 'ok:system/Observation.rs?code=8867-4') },
  'rs-scope-denied-as-401': { setup: 'lambda', good: 403, run: (e) => lam(e, 'Encounter', 'ok:system/Patient.rs') },
  // search
  'search-uri-prefix': { setup: 'plain', good: 2, run: async (e) => (await valueSets(e), count(e, `ValueSet?url=${encodeURIComponent(VS_URL)}`)) },
  'search-canonical-version-ignored': { setup: 'plain', good: 1, run: async (e) => (await valueSets(e), count(e, `ValueSet?url=${encodeURIComponent(`${VS_URL}|2`)}`)) },
  'search-old-versions-match': {
    setup: 'plain',
    good: 0,
    run: async (e) => {
      await e.fhir('PUT', 'Patient/renamed', { resourceType: 'Patient', id: 'renamed', name: [{ family: 'Formername' }] })
      await e.fhir('PUT', 'Patient/renamed', { resourceType: 'Patient', id: 'renamed', name: [{ family: 'Latername' }] })
      return count(e, 'Patient?family=Formername')
    },
  },
  'search-string-exact-only': { setup: 'plain', good: 2, run: (e) => count(e, 'Patient?family=smith') },
  'search-prefix-ignored': { setup: 'plain', good: 1, run: (e) => count(e, 'Observation?date=gt2024-01-01') },
  'search-last-page-dropped': {
    setup: 'plain',
    good: 5,
    run: async (e) => {
      let url: string | undefined = `${e.target.url}Patient?_count=2`
      let n = 0
      while (url) {
        const b = (await (await fetch(url)).json()) as { entry?: unknown[]; link: Array<{ relation: string; url: string }> }
        n += b.entry?.length ?? 0
        url = b.link.find((l) => l.relation === 'next')?.url
      }
      return n
    },
  },
  'search-wrong-total': { setup: 'plain', good: 5, run: (e) => count(e, 'Patient') },
  'search-includes-missing': { setup: 'plain', good: 2, run: async (e) => (await e.fhir('GET', 'Observation?_id=o1&_include=Observation:subject')).body.entry.length },
  'search-revinclude-missing': { setup: 'plain', good: 2, run: async (e) => (await e.fhir('GET', 'Patient?_id=p1&_revinclude=Observation:subject')).body.entry.length },
  'search-unstable-sort': {
    setup: 'plain',
    good: ['p1', 'p2', 'p3', 'p4', 'p5'],
    run: async (e) => {
      const ids: string[] = []
      for (const offset of [0, 2, 4])
        ids.push(...(await e.fhir('GET', `Patient?_sort=gender&_count=2&_offset=${offset}`)).body.entry.map((x: { resource: { id: string } }) => x.resource.id))
      return ids.sort()
    },
  },
  'search-count-ignored': { setup: 'plain', good: 2, run: async (e) => (await e.fhir('GET', 'Patient?_count=2')).body.entry.length },
  'search-not-modifier-ignored': { setup: 'plain', good: 4, run: (e) => count(e, 'Patient?gender:not=male') },
  'search-token-system-ignored': { setup: 'plain', good: 0, run: (e) => count(e, 'Observation?code=http://wrong.system|8867-4') },
  'search-post-body-ignored': {
    setup: 'plain',
    good: 2,
    run: async (e) => {
      const r = await fetch(`${e.target.url}Patient/_search`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'family=smith' })
      return ((await r.json()) as { entry: unknown[] }).entry.length
    },
  },
  'search-strict-ignored': { setup: 'plain', good: 400, run: async (e) => (await e.fhir('GET', 'Patient?nonsense-param=1', undefined, { Prefer: 'handling=strict' })).status },
  'search-extra-params-dropped': { setup: 'plain', good: 1, run: async (e) => (await e.fhir('GET', 'Patient?gender=female&family=Jones')).body.entry.length },
  'search-summary-count-ignored': { setup: 'plain', good: 0, run: async (e) => (await e.fhir('GET', 'Patient?_summary=count')).body.entry?.length ?? 0 },
  'search-chain-ignored': { setup: 'plain', good: 1, run: async (e) => (await e.fhir('GET', 'Observation?subject:Patient.family=Smithson')).body.entry.length },
  'search-or-first-only': { setup: 'plain', good: 2, run: async (e) => (await e.fhir('GET', 'Patient?family=Jones,Brown')).body.entry.length },
  'search-missing-ignored': { setup: 'plain', good: 0, run: async (e) => (await e.fhir('GET', 'Patient?gender:missing=true')).body.entry?.length ?? 0 },
  'search-contains-as-prefix': { setup: 'plain', good: 2, run: async (e) => (await e.fhir('GET', 'Patient?family:contains=mith')).body.entry?.length ?? 0 },
  'search-string-case-sensitive': { setup: 'plain', good: 2, run: async (e) => (await e.fhir('GET', 'Patient?family=smith')).body.entry?.length ?? 0 },
  'search-reference-url-ignored': {
    setup: 'plain',
    good: 1,
    run: async (e) => (await e.fhir('GET', `Observation?subject=${encodeURIComponent(`${e.target.url}Patient/p1`)}`)).body.entry?.length ?? 0,
  },
  'search-match-dropped': {
    setup: 'plain',
    good: 2,
    run: async (e) => ((await e.fhir('GET', 'Patient?_id=p1,p2')).body.entry ?? []).length,
  },
  'uscore-must-support-dropped': { setup: 'plain', good: true, run: async (e) => 'identifier' in (await usCorePatientRead(e)) },
  'uscore-required-dropped': { setup: 'plain', good: true, run: async (e) => 'identifier' in (await usCorePatientRead(e)) },
  'search-deleted-visible': {
    setup: 'plain',
    good: 4,
    run: async (e) => {
      await e.fhir('DELETE', 'Patient/p5')
      return count(e, 'Patient?_summary=count')
    },
  },
  // transactions
  'tx-not-atomic': {
    setup: 'plain',
    good: 5,
    run: async (e) => {
      await e.fhir('POST', '', {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { resource: patient('p9', 'New'), request: { method: 'PUT', url: 'Patient/p9' } },
          { resource: { resourceType: 'Observation', id: 'bad', status: 'not-a-status', code: { text: 'x' } }, request: { method: 'PUT', url: 'Observation/bad' } },
        ],
      })
      return count(e, 'Patient')
    },
  },
  'tx-urn-not-rewritten': {
    setup: 'plain',
    good: true,
    run: async (e) => (await txSubject(e, URN, URN)).startsWith('Patient/'),
  },
  'tx-relative-reference-kept': {
    setup: 'plain',
    good: true,
    // A replayed $everything: RESTful fullUrls, a relative reference to the Patient's.
    run: async (e) => {
      const subject = await txSubject(e, 'https://other.example/r4/Patient/p77', 'Patient/p77', 'https://other.example/r4/Observation/o77')
      return subject !== 'Patient/p77' && subject.startsWith('Patient/')
    },
  },
  'status-required-with-status-refused': {
    setup: 'plain',
    good: 200,
    run: async (e) => (await e.fhir('GET', 'Observation?patient=p1&status=final,amended')).status,
  },
  'strong-consistency-ignored': {
    setup: 'plain',
    good: 1,
    run: async (e) => {
      const strong = { 'x-amz-fhir-history-consistency-level': 'strong' }
      await e.fhir('PUT', 'Patient/sc1', { resourceType: 'Patient', id: 'sc1', identifier: [{ system: 'urn:sc', value: '1' }] }, strong)
      return (await e.fhir('GET', 'Patient?identifier=urn:sc|1', undefined, strong)).body.entry?.length ?? 0
    },
  },
  'idempotency-key-ignored': {
    setup: 'plain',
    good: 409,
    run: async (e) => {
      const key = { 'x-amz-fhir-idempotency-key': '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a' }
      await e.fhir('POST', 'Patient', patient('i1', 'I'), key)
      return (await e.fhir('POST', 'Patient', patient('i1', 'I'), key)).status
    },
  },
  'minimal-unmarked': {
    setup: 'plain',
    good: 'true',
    run: async (e) =>
      (await e.fhir('POST', 'Patient', { resourceType: 'Patient', birthDate: '1980-13-45' }, { 'x-amzn-healthlake-fhir-validation-level': 'minimal' })).headers.get(
        'x-amzn-healthlake-validation-issues',
      ),
  },
  'everything-compartment-missing': {
    setup: 'plain',
    good: 2,
    run: async (e) => {
      await e.fhir('PUT', 'Patient/ev1', { resourceType: 'Patient', id: 'ev1' })
      await e.fhir('PUT', 'Observation/ev1-o', { resourceType: 'Observation', id: 'ev1-o', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/ev1' } })
      return (await e.fhir('GET', 'Patient/ev1/$everything')).body.entry.length
    },
  },
  'tx-404-not-410': {
    setup: 'plain',
    good: 410,
    run: async (e) => {
      await e.fhir('DELETE', 'Patient/p4')
      return (await e.fhir('GET', 'Patient/p4')).status
    },
  },
  'tx-if-match-ignored': { setup: 'plain', good: 412, run: async (e) => (await e.fhir('PUT', 'Patient/p1', patient('p1', 'Smith'), { 'If-Match': 'W/"99"' })).status },
  'tx-version-not-bumped': { setup: 'plain', good: '2', run: async (e) => (await e.fhir('PUT', 'Patient/p1', patient('p1', 'Smyth'))).body.meta.versionId },
  'tx-conditional-create-duplicates': {
    setup: 'plain',
    good: 200,
    run: async (e) => (await e.fhir('POST', 'Patient', patient('x', 'Smith'), { 'If-None-Exist': 'identifier=urn:test|p1' })).status,
  },
  'tx-no-location': { setup: 'plain', good: true, run: async (e) => (await e.fhir('POST', 'Patient', patient('x', 'New'))).headers.has('location') },
  'tx-no-etag': { setup: 'plain', good: 'W/"1"', run: async (e) => (await e.fhir('GET', 'Patient/p3')).headers.get('etag') },
  'tx-read-plain-json': { setup: 'plain', good: 'application/fhir+json', run: async (e) => (await e.fhir('GET', 'Patient/p3')).headers.get('content-type')?.split(';')[0] },
  'write-drops-every-100th': {
    setup: 'plain',
    good: 105,
    run: async (e) => {
      for (let i = 0; i < 100; i++) await e.fhir('PUT', `Patient/w${i}`, patient(`w${i}`, `W${i}`))
      return count(e, 'Patient')
    },
  },
  'tx-vread-current': {
    setup: 'plain',
    good: 'Smith',
    run: async (e) => {
      await e.fhir('PUT', 'Patient/p1', patient('p1', 'Changed'))
      return (await e.fhir('GET', 'Patient/p1/_history/1')).body.name[0].family
    },
  },
  'tx-conditional-update-creates': {
    setup: 'plain',
    good: 200,
    run: async (e) => (await e.fhir('PUT', 'Patient?identifier=urn:test|p2', { ...patient('p2', 'Smithson'), gender: 'other' })).status,
  },
  'read-unknown-type-500': { setup: 'plain', good: 404, run: async (e) => (await e.fhir('GET', 'NoSuchType/1')).status },
  'tx-conditional-put-batch-only': {
    setup: 'plain',
    good: 200,
    run: async (e) =>
      (
        await e.fhir('POST', '', {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [{ resource: { resourceType: 'Patient', identifier: [{ system: 'urn:x', value: 'c1' }] }, request: { method: 'PUT', url: 'Patient?identifier=urn:x|c1' } }],
        })
      ).status,
  },
  'tx-delete-ignored': {
    setup: 'plain',
    good: 410,
    run: async (e) => {
      await e.fhir('DELETE', 'Patient/p2')
      return (await e.fhir('GET', 'Patient/p2')).status
    },
  },
  'tx-patch-json-only': {
    setup: 'plain',
    good: 200,
    run: async (e) =>
      (
        await fetch(`${e.target.url}Patient/p1`, {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json-patch+json' },
          body: JSON.stringify([{ op: 'replace', path: '/gender', value: 'male' }]),
        })
      ).status,
  },
  'tx-conditional-delete-ignored': {
    setup: 'plain',
    good: 410,
    run: async (e) => {
      await e.fhir('DELETE', 'Patient?identifier=urn:test|p3')
      return (await e.fhir('GET', 'Patient/p3')).status
    },
  },
  'tx-history-since-ignored': {
    setup: 'plain',
    good: 0,
    run: async (e) => (await e.fhir('GET', `Patient/p1/_history?_since=${new Date(Date.now() + 86_400_000).toISOString()}`)).body.entry.length,
  },
  'tx-history-oldest-first': {
    setup: 'plain',
    good: '2',
    run: async (e) => {
      await e.fhir('PUT', 'Patient/p1', patient('p1', 'Smyth'))
      return (await e.fhir('GET', 'Patient/p1/_history')).body.entry[0].resource.meta.versionId
    },
  },
  'tx-processing-order-ignored': {
    setup: 'plain',
    good: 1,
    run: async (e) => {
      const r = await e.fhir('POST', '', {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { request: { method: 'GET', url: 'Patient?identifier=urn:test|new' } },
          { resource: { ...patient('new', 'New'), id: undefined }, request: { method: 'POST', url: 'Patient' } },
        ],
      })
      return r.body.entry[0].resource.entry?.length ?? 0
    },
  },
  'tx-duplicate-entries-accepted': {
    setup: 'plain',
    good: 400,
    run: async (e) =>
      (
        await e.fhir('POST', '', {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [patient('d1', 'A'), patient('d1', 'B')].map((r) => ({ resource: r, request: { method: 'PUT', url: 'Patient/d1' } })),
        })
      ).status,
  },
  'tx-batch-all-or-nothing': {
    setup: 'plain',
    good: 200,
    run: async (e) =>
      (
        await e.fhir('POST', '', {
          resourceType: 'Bundle',
          type: 'batch',
          entry: [
            { resource: patient('b1', 'B'), request: { method: 'PUT', url: 'Patient/b1' } },
            { resource: { resourceType: 'Observation', id: 'bad', status: 'not-a-status', code: { text: 'x' } }, request: { method: 'PUT', url: 'Observation/bad' } },
          ],
        })
      ).status,
  },
  'tx-delete-referenced-refused': {
    setup: 'plain',
    good: 200,
    run: async (e) => {
      await e.fhir('PUT', 'Patient/del-p', patient('del-p', 'D'))
      await e.fhir('PUT', 'Observation/del-o', { resourceType: 'Observation', id: 'del-o', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/del-p' } })
      const entry = ['Patient/del-p', 'Observation/del-o'].map((url) => ({ request: { method: 'DELETE', url } }))
      return (await e.fhir('POST', '', { resourceType: 'Bundle', type: 'transaction', entry })).status
    },
  },
  'tx-batch-urn-stored': {
    setup: 'plain',
    good: '400',
    run: async (e) =>
      (
        await e.fhir('POST', '', {
          resourceType: 'Bundle',
          type: 'batch',
          entry: [
            { fullUrl: 'urn:uuid:6f1b0e52-3c8e-4d5a-9b7c-2a1d4e5f6a7b', resource: patient('u1', 'U'), request: { method: 'POST', url: 'Patient' } },
            {
              resource: { ...patient('u2', 'V'), link: [{ other: { reference: 'urn:uuid:6f1b0e52-3c8e-4d5a-9b7c-2a1d4e5f6a7b' }, type: 'seealso' }] },
              request: { method: 'POST', url: 'Patient' },
            },
          ],
        })
      ).body.entry[1].response.status,
  },
  'tx-accept-ignored': { setup: 'plain', good: 406, run: async (e) => (await e.fhir('GET', 'Patient/p1', undefined, { Accept: 'application/fhir+xml' })).status },
  'tx-patch-test-ignored': {
    setup: 'plain',
    good: 422,
    run: async (e) =>
      (
        await fetch(`${e.target.url}Patient/p1`, {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json-patch+json' },
          body: JSON.stringify([{ op: 'test', path: '/gender', value: 'male' }]),
        })
      ).status,
  },
  'tx-base-accepts-non-bundle': { setup: 'plain', good: 400, run: async (e) => (await e.fhir('POST', '', patient('x', 'X'))).status },
  'tx-history-missing-versions': {
    setup: 'plain',
    good: 3,
    run: async (e) => {
      await e.fhir('PUT', 'Patient/p3', patient('p3', 'Jones2'))
      await e.fhir('PUT', 'Patient/p3', patient('p3', 'Jones3'))
      return (await e.fhir('GET', 'Patient/p3/_history')).body.entry.length
    },
  },
  // bulk export
  'export-no-content-location': { setup: 'plain', good: true, run: async (e) => (await fetch(`${e.target.url}$export`, { headers: asyncKick })).headers.has('content-location') },
  'export-manifest-no-output': { setup: 'plain', good: true, run: async (e) => Array.isArray((await exportManifest(e)).output) },
  'export-relative-urls': { setup: 'plain', good: true, run: async (e) => /^http:/.test((await exportManifest(e, '?_type=Patient')).output![0]!.url) },
  'export-wrong-ndjson-content-type': {
    setup: 'plain',
    good: 'application/fhir+ndjson',
    run: async (e) => (await fetch((await exportManifest(e, '?_type=Patient')).output![0]!.url)).headers.get('content-type'),
  },
  'export-file-scope-unchecked': {
    setup: 'smart',
    good: 403,
    run: async (e) => {
      const url = (await exportManifest(e, '?_type=Patient', { Authorization: `Bearer ${await e.token('system/*.rs')}` })).output![0]!.url
      return (await fetch(url, { headers: { Authorization: `Bearer ${await e.token('system/Observation.rs')}` } })).status
    },
  },
  'export-post-body-ignored': {
    setup: 'plain',
    good: ['Patient'],
    run: async (e) => {
      const kick = await fetch(`${e.target.url}$export`, {
        method: 'POST',
        headers: asyncKick,
        body: JSON.stringify({ resourceType: 'Parameters', parameter: [{ name: '_type', valueString: 'Patient' }] }),
      })
      const m = (await (await poll(e, kick.headers.get('content-location')!)).json()) as { output: Array<{ type: string }> }
      return [...new Set(m.output.map((o) => o.type))]
    },
  },
  'export-output-format-strict': { setup: 'plain', good: 202, run: async (e) => (await fetch(`${e.target.url}$export?_outputFormat=ndjson`, { headers: asyncKick })).status },
  'export-output-format-unchecked': { setup: 'plain', good: 400, run: async (e) => (await fetch(`${e.target.url}$export?_outputFormat=text/html`, { headers: asyncKick })).status },
  'export-unknown-type-accepted': { setup: 'plain', good: 400, run: async (e) => (await fetch(`${e.target.url}$export?_type=NoSuchType`, { headers: asyncKick })).status },
  'export-manifest-request-wrong': {
    setup: 'plain',
    good: true,
    run: async (e) => {
      const kick = await fetch(`${e.target.url}$export?_type=Patient`, { headers: asyncKick })
      return String(((await (await poll(e, kick.headers.get('content-location')!)).json()) as { request: string }).request).endsWith('_type=Patient')
    },
  },
  'export-files-survive-delete': {
    setup: 'plain',
    good: 404,
    run: async (e) => {
      const kick = await fetch(`${e.target.url}$export?_type=Patient`, { headers: asyncKick })
      const location = kick.headers.get('content-location')!
      const m = (await (await poll(e, location)).json()) as { output: Array<{ url: string }> }
      await fetch(location, { method: 'DELETE' })
      return (await fetch(m.output[0]!.url)).status
    },
  },
  'export-access-token-not-enforced': {
    setup: 'smart',
    good: 401,
    run: async (e) => {
      const auth = { Authorization: `Bearer ${await e.token('system/*.rs')}` }
      return (await fetch((await exportManifest(e, '?_type=Patient', auth)).output![0]!.url)).status
    },
  },
  'export-cancel-ignored': {
    setup: 'plain',
    good: 404,
    run: async (e) => {
      const status = (await fetch(`${e.target.url}$export`, { headers: asyncKick })).headers.get('content-location')!
      await fetch(status, { method: 'DELETE' })
      return (await fetch(status)).status
    },
  },
  'export-no-retry-after': {
    setup: 'plain',
    good: true,
    run: async (e) => {
      // A slow $import holds the queue, so the export is still waiting when polled.
      const { url, server } = await files(
        { 'manifest.json': JSON.stringify({ output: [{ type: 'Patient', url: 'a.ndjson' }] }), 'a.ndjson': JSON.stringify(patient('slow', 'Slow')) + '\n' },
        300,
      )
      try {
        await e.fhir('POST', '$import', { resourceType: 'Parameters', parameter: [{ name: 'manifestUrl', valueUrl: `${url}manifest.json` }] }, { Prefer: 'respond-async' })
        const status = (await fetch(`${e.target.url}$export`, { headers: asyncKick })).headers.get('content-location')!
        const res = await fetch(status)
        return res.status === 202 && res.headers.has('retry-after')
      } finally {
        await e.target.queue.drain()
        server.close()
      }
    },
  },
  'export-errors-not-outcome': {
    setup: 'plain',
    good: 'OperationOutcome',
    run: async (e) => (await e.fhir('GET', '$export?_type=NoSuchType', undefined, asyncKick)).body?.resourceType ?? 'bare',
  },
  'export-since-ignored': {
    setup: 'plain',
    good: [],
    run: async (e) => {
      const since = new Date(Date.now() + 1).toISOString()
      await sleep(5)
      return ((await exportManifest(e, `?_since=${encodeURIComponent(since)}`)).output ?? []).map((o) => o.type)
    },
  },
  'export-type-filter-ignored': {
    setup: 'plain',
    good: ['female'],
    run: async (e) => {
      await e.fhir('PUT', 'Patient/tf-m', { resourceType: 'Patient', id: 'tf-m', gender: 'male' })
      await e.fhir('PUT', 'Patient/tf-f', { resourceType: 'Patient', id: 'tf-f', gender: 'female' })
      const manifest = await exportManifest(e, `?_type=Patient&_typeFilter=${encodeURIComponent('Patient?gender=female')}`)
      const lines = (await Promise.all(manifest.output!.map(async (o) => (await fetch(o.url!)).text()))).join('\n').split('\n').filter(Boolean)
      return [...new Set(lines.map((l) => (JSON.parse(l) as { gender?: string }).gender))].sort()
    },
  },
  'export-elements-ignored': {
    setup: 'plain',
    good: 400,
    run: async (e) => (await e.fhir('GET', '$export?_type=Patient&_elements=id', undefined, { Prefer: 'respond-async' })).status,
  },
  'validate-accepts-everything': { setup: 'plain', good: ['error'], run: (e) => validatedAs(e, 'Patient/$validate', { resourceType: 'Patient', birthDate: 'soon' }) },
  'validate-stores': {
    setup: 'plain',
    good: 0,
    run: async (e) => {
      await e.fhir('POST', 'Patient/$validate', {
        resourceType: 'Parameters',
        parameter: [{ name: 'resource', resource: { resourceType: 'Patient', identifier: [{ system: 'urn:v', value: 'v1' }] } }],
      })
      return (await e.fhir('GET', 'Patient?identifier=urn:v|v1')).body.entry?.length ?? 0
    },
  },
  'validate-ignores-profile': {
    setup: 'plain',
    good: ['error'],
    run: (e) => validatedAs(e, 'Patient/$validate?profile=http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient', { resourceType: 'Patient', gender: 'male' }),
  },
  'strict-profiles-ignored': {
    setup: 'plain',
    good: 400,
    run: async (e) => {
      const claimed = {
        resourceType: 'Patient',
        meta: { profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient|6.1.0'] },
        name: [{ family: 'P' }],
        gender: 'male',
      }
      return (await e.fhir('POST', 'Patient', claimed, { 'x-amzn-healthlake-fhir-validation-level': 'strict' })).status
    },
  },
  'export-type-ignored': { setup: 'plain', good: ['Patient'], run: async (e) => (await exportManifest(e, '?_type=Patient')).output!.map((o) => o.type) },
  'export-attachment-url-relative': {
    setup: 'plain',
    good: true,
    run: async (e) => {
      const url = `${e.target.url}Binary/b1`
      await e.fhir('PUT', 'DocumentReference/att', { resourceType: 'DocumentReference', id: 'att', status: 'current', content: [{ attachment: { url } }] })
      const manifest = await exportManifest(e, '?_type=DocumentReference')
      return (await (await fetch(manifest.output![0]!.url)).text()).includes(`"url":"${url}"`)
    },
  },
  'export-lenient-unreported': {
    setup: 'plain',
    good: ['OperationOutcome'],
    run: async (e) => {
      const manifest = (await exportManifest(e, '?_type=Patient&_shorelineUnknown=1', { Prefer: 'respond-async, handling=lenient' })) as { error?: Array<{ type: string }> }
      return (manifest.error ?? []).map((o) => o.type)
    },
  },
  // import
  'import-drops-every-1000th': {
    setup: 'plain',
    good: 2000,
    run: async (e) => {
      const lines = Array.from({ length: 2000 }, (_, i) => JSON.stringify(patient(`bulk-${i}`, `F${i}`))).join('\n')
      await importJob(e, lines)
      return (e.target.store.db.prepare("SELECT count(*) AS n FROM resources WHERE type = 'Patient' AND id LIKE 'bulk-%'").get() as { n: number }).n
    },
  },
  'import-strict-accepts-invalid': {
    setup: 'plain',
    good: buildCorpus().labels.items.filter((i) => i.expected.strict === 'rejected').length,
    run: async (e) => (await importJob(e, buildCorpus().ndjson, 'strict')).counters.customerErrors,
  },
  'import-structure-only-rejects-valid': {
    setup: 'plain',
    good: buildCorpus().labels.items.filter((i) => i.expected['structure-only'] === 'rejected').length,
    run: async (e) => (await importJob(e, buildCorpus().ndjson, 'structure-only')).counters.customerErrors,
  },
  'import-status-after-delete': {
    setup: 'plain',
    good: 404,
    run: async (e) => {
      const { url, server } = await files({
        'manifest.json': JSON.stringify({ output: [{ type: 'Mixed', url: 'data.ndjson' }] }),
        'data.ndjson': JSON.stringify(patient('imd', 'D')),
      })
      try {
        const parameter = [{ name: 'manifestUrl', valueUrl: `${url}manifest.json` }]
        const status = (await e.fhir('POST', '$import', { resourceType: 'Parameters', parameter }, { Prefer: 'respond-async' })).headers.get('content-location')!
        await poll(e, status)
        await fetch(status, { method: 'DELETE' })
        return (await fetch(status)).status
      } finally {
        server.close()
      }
    },
  },
  'import-counters-wrong': {
    setup: 'plain',
    good: true,
    run: async (e) => {
      const c = (await importJob(e, buildCorpus().ndjson)).counters
      return c.scanned! === c.imported! + c.customerErrors! + c.serverErrors!
    },
  },
  'import-no-failure-output': { setup: 'plain', good: 1, run: async (e) => (await importJob(e, buildCorpus().ndjson)).error.length },
  'control-plane-sigv4-unchecked': {
    setup: 'plain',
    good: 403,
    run: async (e) =>
      (
        await fetch(`${e.target.origin}/`, {
          method: 'POST',
          headers: {
            'X-Amz-Target': 'HealthLake.ListFHIRImportJobs',
            'Content-Type': 'application/x-amz-json-1.0',
            'X-Amz-Date': '20260101T000000Z',
            Authorization: `AWS4-HMAC-SHA256 Credential=${DEFAULT_SIGV4.accessKeyId}/20260101/us-east-1/healthlake/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
          },
          body: JSON.stringify({ DatastoreId: 'local' }),
        })
      ).status,
  },
  'control-plane-endpoint-mismatch': {
    setup: 'plain',
    good: true,
    run: async (e) => (await controlPlane(e, new DescribeFHIRDatastoreCommand({ DatastoreId: 'local' }))).DatastoreProperties!.DatastoreEndpoint === e.target.url,
  },
  'control-plane-metadata-stale': {
    setup: 'smart',
    good: true,
    run: async (e) =>
      (
        JSON.parse((await controlPlane(e, new DescribeFHIRDatastoreCommand({ DatastoreId: 'local' }))).DatastoreProperties!.IdentityProviderConfiguration!.Metadata!) as {
          token_endpoint: string
        }
      ).token_endpoint === e.target.auth!.tokenUrl,
  },
  'control-plane-undocumented-status': {
    setup: 'plain',
    good: false,
    run: async (e) => {
      const { JobId } = await controlPlane(
        e,
        new StartFHIRExportJobCommand({
          DatastoreId: 'local',
          DataAccessRoleArn: 'arn:aws:iam::000000000000:role/r',
          OutputDataConfig: { S3Configuration: { S3Uri: PROBE_EXPORT, KmsKeyId: 'k' } },
        }),
      )
      const seen = new Set<string>()
      for (let i = 0; i < 40; i++) {
        const s = (await controlPlane(e, new DescribeFHIRExportJobCommand({ DatastoreId: 'local', JobId }))).ExportJobProperties!.JobStatus!
        seen.add(s)
        if (s === 'COMPLETED') break
        await sleep(10)
      }
      return seen.has('RUNNING')
    },
  },
  'control-plane-start-answer-incomplete': {
    setup: 'plain',
    good: 'local',
    run: async (e) =>
      (
        await controlPlane(
          e,
          new StartFHIRExportJobCommand({
            DatastoreId: 'local',
            DataAccessRoleArn: 'arn:aws:iam::000000000000:role/r',
            OutputDataConfig: { S3Configuration: { S3Uri: PROBE_EXPORT, KmsKeyId: 'k' } },
          }),
        )
      ).DatastoreId,
  },
  'export-healthlake-answer-wrong': {
    setup: 'plain',
    good: true,
    run: async (e) =>
      'jobId' in
      (
        await e.fhir(
          'POST',
          '$export',
          { JobName: 'p', OutputDataConfig: { S3Configuration: { S3Uri: PROBE_EXPORT, KmsKeyId: 'k' } }, DataAccessRoleArn: 'arn:aws:iam::000000000000:role/r' },
          { Prefer: 'respond-async' },
        )
      ).body,
  },
  // the reference Lambda, called directly
  'lambda-no-role-arn': { setup: 'plain', good: true, run: async (e) => 'iamRoleARN' in (await callLambda(e)) },
  'lambda-drops-nbf': { setup: 'plain', good: 'number', run: async (e) => typeof (await callLambda(e)).authPayload.nbf },
  'lambda-slow': {
    setup: 'plain',
    good: true,
    run: async (e) => {
      const t = performance.now()
      await callLambda(e)
      return performance.now() - t < 1000
    },
  },
  'lambda-exp-refreshed': { setup: 'plain', good: false, run: async (e) => (await callLambda(e, { exp: now() - 60, iat: now() - 600, nbf: now() - 600 })).authPayload.exp > now() },
  'lambda-nbf-rewritten': { setup: 'plain', good: false, run: async (e) => (await callLambda(e, { nbf: now() + 600 })).authPayload.nbf <= now() },
  'lambda-aud-rewritten': { setup: 'plain', good: 'https://elsewhere.test/r4/', run: async (e) => (await callLambda(e, { aud: 'https://elsewhere.test/r4/' })).authPayload.aud },
  'lambda-passes-claims-through': {
    setup: 'plain',
    good: false,
    run: async (e) => (await callLambda(e, { exp: now() - 60, iat: now() - 600, nbf: now() - 600 })).authPayload.isAuthorized,
  },
  'lambda-signature-unchecked': { setup: 'plain', good: false, run: async (e) => (await callLambda(e, {}, true)).authPayload.isAuthorized },
  'lambda-throws-on-malformed': {
    setup: 'plain',
    good: false,
    run: async (e) => {
      try {
        return ((await lambdaFor(e.faults)({ datastoreEndpoint: LAMBDA_AUD, operationName: 'Read', bearerToken: 'junk' })) as { authPayload: { isAuthorized: boolean } })
          .authPayload.isAuthorized
      } catch {
        return 'threw'
      }
    },
  },
  'lambda-event-unchecked': { setup: 'plain', good: {}, run: async (e) => lambdaFor(e.faults)({ operationName: 'Read', bearerToken: await lambdaToken() }) },
  'lambda-scope-widened': { setup: 'plain', good: 'system/Patient.read', run: async (e) => (await callLambda(e)).authPayload.scope },
  'nlp-no-enrichment': { setup: 'nlp', good: true, run: async (e) => (await nlpNote(e)) !== undefined },
  'nlp-never-finishes': { setup: 'nlp', good: true, run: async (e) => (await nlpNote(e)) !== undefined },
  'nlp-wrong-shape': {
    setup: 'nlp',
    good: true,
    run: async (e) => {
      const icd = nlpGroup(nlpGroup((await nlpNote(e))?.extension, 'http://healthlake.amazonaws.com/aws-cm/'), 'http://healthlake.amazonaws.com/aws-cm/infer-icd10/')
      const entities = icd.filter((x: Json) => x.url.endsWith('aws-cm-icd10-entity'))
      const part = (x: Json, suffix: string) => x.extension.find((p: Json) => p.url.endsWith(`-entity-${suffix}`))
      return (
        entities.length > 0 && entities.every((x: Json) => NLP_NOTE.slice(part(x, 'begin-offset').valueInteger, part(x, 'end-offset').valueInteger) === part(x, 'text').valueString)
      )
    },
  },
  'nlp-no-linkage': {
    setup: 'nlp',
    good: true,
    run: async (e) =>
      nlpGroup((await nlpNote(e))?.extension, 'http://healthlake.amazonaws.com/system-generated-resources/').some((x: Json) => x.url === 'http://healthlake.amazonaws.com/linkage'),
  },
  'nlp-generated-searchable': {
    setup: 'nlp',
    good: 0,
    run: async (e) => {
      const refs = nlpGroup((await nlpNote(e))?.extension, 'http://healthlake.amazonaws.com/system-generated-resources/').map((x: Json) => x.valueReference.reference as string)
      let found = 0
      for (const ref of refs) found += ((await e.fhir('GET', `${ref.split('/')[0]}?_id=${ref.split('/')[1]}`)).body.entry ?? []).length
      return found
    },
  },
  'nlp-misses-medications': {
    setup: 'nlp',
    good: true,
    run: async (e) => {
      const detect = nlpGroup(nlpGroup((await nlpNote(e))?.extension, 'http://healthlake.amazonaws.com/aws-cm/'), 'http://healthlake.amazonaws.com/aws-cm/detect-entities/')
      const raw = detect.find((x: Json) => x.url.endsWith('raw-response'))?.valueString
      return raw !== undefined && (JSON.parse(raw).Entities as Json[]).some((x) => x.Category === 'MEDICATION')
    },
  },
  'nlp-negation-ignored': {
    setup: 'nlp',
    good: false,
    run: async (e) => {
      const refs = nlpGroup((await nlpNote(e))?.extension, 'http://healthlake.amazonaws.com/system-generated-resources/').map((x: Json) => x.valueReference.reference as string)
      const codes = await Promise.all(refs.map(async (r) => (await e.fhir('GET', r)).body.code?.coding?.[0]?.code))
      return codes.includes('R07.9')
    },
  },
}

/** A note for the nlp probes: a diagnosis, and a symptom the patient denies. */
const NLP_NOTE = 'Assessment: hypertension. Denies chest pain. Continue lisinopril.'
const nlpGroup = (exts: Json[] | undefined, url: string): Json[] => exts?.find((x) => x.url === url)?.extension ?? []
/** Writes the note and returns it once enriched, or undefined after 2 s. */
async function nlpNote(e: ProbeEnv): Promise<Json | undefined> {
  const doc = {
    resourceType: 'DocumentReference',
    id: 'nlp-1',
    status: 'current',
    content: [{ attachment: { contentType: 'text/plain', data: Buffer.from(NLP_NOTE).toString('base64') } }],
  }
  await e.fhir('PUT', 'DocumentReference/nlp-1', doc)
  for (let i = 0; i < 40; i++) {
    const { body } = await e.fhir('GET', 'DocumentReference/nlp-1')
    if (body.extension?.some((x: Json) => x.url === 'http://healthlake.amazonaws.com/aws-cm/')) return body
    await sleep(50)
  }
  return undefined
}

// The reference Lambda under one fault list, and tokens from the identity provider it trusts.
const LAMBDA_AUD = 'https://healthlake.test/datastore/x/r4/'
const LAMBDA_ISS = 'https://idp.test/'
const idp = generateKeyPair('RS256', { extractable: true })
const stranger = generateKeyPair('RS256')
const lambdaFor = (faults: FaultName[]) => async (event: Record<string, unknown>) => {
  const jwks = { keys: [{ ...(await exportJWK((await idp).publicKey)), kid: 'idp-1', alg: 'RS256' }] }
  return referenceLambda({ jwks, issuer: LAMBDA_ISS, faults: new Set(faults) })(event)
}
async function lambdaToken(claims: Record<string, unknown> = {}, foreign = false): Promise<string> {
  const key = foreign ? (await stranger).privateKey : (await idp).privateKey
  return new SignJWT({ iss: LAMBDA_ISS, sub: 'u', aud: LAMBDA_AUD, iat: now(), nbf: now(), exp: now() + 300, scope: 'system/Patient.read', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
    .sign(key)
}
async function callLambda(e: ProbeEnv, claims: Record<string, unknown> = {}, foreign = false): Promise<Json> {
  return lambdaFor(e.faults)({ datastoreEndpoint: LAMBDA_AUD, operationName: 'Read', bearerToken: await lambdaToken(claims, foreign) })
}

const PROBE_EXPORT = pathToFileURL(join(tmpdir(), `shoreline-probe-export-${process.pid}`)).href + '/'

/** One control-plane command against the probe's target, signed with its test credentials. */
async function controlPlane<O>(e: ProbeEnv, command: { input: unknown } & object): Promise<O & Record<string, Json>> {
  const client = new HealthLakeClient({ endpoint: e.target.origin, region: 'us-east-1', credentials: DEFAULT_SIGV4 })
  try {
    return (await client.send(command as never)) as unknown as O & Record<string, Json>
  } finally {
    client.destroy()
  }
}

/** The TLS setup's certificate: made once, trusted by its probes. */
let tlsCert: Promise<TlsOptions> | undefined
const certificate = () => (tlsCert ??= selfSignedCertificate(['127.0.0.1']))

/** 'completed' or 'refused': a handshake offering `version` alone to the TLS target. */
async function tlsHandshake(e: ProbeEnv, version: 'TLSv1' | 'TLSv1.1'): Promise<string> {
  const port = Number(new URL(e.target.origin).port)
  return new Promise((resolve) => {
    const s = tlsConnect({ host: '127.0.0.1', port, minVersion: version, maxVersion: version, ciphers: 'DEFAULT@SECLEVEL=0', rejectUnauthorized: false })
    s.once('secureConnect', () => (s.destroy(), resolve('completed')))
    s.once('error', () => (s.destroy(), resolve('refused')))
  })
}

/** A body over HTTPS, trusting the TLS setup's certificate. */
async function httpsText(url: string): Promise<string> {
  const ca = (await certificate()).cert
  return new Promise((resolve, reject) => {
    httpsGet(url, { ca }, (res) => {
      let text = ''
      res
        .setEncoding('utf8')
        .on('data', (c: string) => (text += c))
        .on('end', () => resolve(text))
    }).on('error', reject)
  })
}

/** A credential-less token request over plain HTTP to the TLS port: 'refused', or the status it got. */
async function plainTokenRequest(e: ProbeEnv): Promise<string | number> {
  const url = e.target.origin.replace(/^https:/, 'http:') + '/auth/token'
  return new Promise((resolve) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => (res.resume(), resolve(res.statusCode ?? 0)))
    req.on('error', () => resolve('refused'))
    req.end('grant_type=client_credentials')
  })
}

async function probeEnv(setup: Setup, faults: FaultName[], key: ClientKey): Promise<ProbeEnv> {
  const options: ServerOptions = { faults }
  if (setup === 'smart') {
    options.auth = 'smart'
    options.authConfig = {
      clients: [
        { client_id: BACKEND, jwks: { keys: [key.publicJwk] }, scope: 'system/*.cruds' },
        { client_id: SECRET_CLIENT, client_secret: SECRET, scope: 'system/Patient.rs' },
        { client_id: CONFIDENTIAL_APP, client_secret: SECRET, redirect_uris: [REDIRECT], scope: 'patient/*.rs', launch: { patient: 'p1' } },
        {
          client_id: PUBLIC_APP,
          redirect_uris: [REDIRECT],
          scope: 'openid fhirUser patient/*.rs offline_access',
          launch: { patient: 'p1', fhirContext: [{ reference: 'Observation/o1' }] },
        },
      ],
    }
  }
  if (setup === 'lambda') Object.assign(options, { auth: 'smart', tokenValidator: lambda })
  if (setup === 'nlp') options.nlp = { lexicon: generatorLexicon(), delayMs: 20 }
  if (setup === 'tls') {
    // The listener's faults: probed with bare handshakes and requests that trust the certificate.
    const target = await startServer({ ...options, auth: 'smart', tls: await certificate() })
    const no = () => Promise.reject(new Error('the TLS setup has no FHIR client'))
    return { target, faults, key, fhir: no, assertStatus: no, token: no }
  }
  const target = await startServer(options)
  try {
    return await probeOn(target, setup, faults, key)
  } catch (err) {
    // A target that could not be readied is closed here: left open, it would hold the test file open to its timeout.
    await target.close()
    throw err
  }
}

/** The probe's view of a started target: an admin token where auth is on, and the seed data written. */
async function probeOn(target: RunningServer, setup: Setup, faults: FaultName[], key: ClientKey): Promise<ProbeEnv> {
  // client_id is optional with private_key_jwt; sending it keeps the admin token coming under token-requires-client-id.
  const admin =
    setup === 'smart'
      ? await (async () =>
          (await tokenRequest(target, { ...backendForm(await assertion(BACKEND, target.auth!.tokenUrl, key), 'system/*.cruds'), client_id: BACKEND })).body!
            .access_token as string)()
      : setup === 'lambda'
        ? 'ok:system/*.cruds'
        : undefined
  const e: ProbeEnv = {
    target,
    faults,
    key,
    async fhir(method, path, body, headers = {}) {
      const h: Record<string, string> = { ...json, ...headers }
      // Requests in auth setups carry the admin token unless the probe sets its own ('none': no header).
      if (admin && !('Authorization' in headers)) h.Authorization = `Bearer ${admin}`
      if (h.Authorization === 'none') delete h.Authorization
      const res = await fetch(target.url + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) })
      const text = await res.text()
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined }
    },
    async assertStatus(o = {}) {
      return (await tokenRequest(target, backendForm(await assertion(BACKEND, target.auth!.tokenUrl, key, o)))).status
    },
    async token(scope) {
      return (await tokenRequest(target, backendForm(await assertion(BACKEND, target.auth!.tokenUrl, key), scope))).body!.access_token as string
    },
  }
  await seed(e)
  return e
}

t.test('FAULT-00: every fault has a probe, and every probe a fault', async (t) => {
  // The type-check (npm run typecheck) proves a misspelt fault name does not compile: were these
  // lines accepted, each @ts-expect-error would itself be the error.
  const faults: Faults = new Set(['token-aud-ignored'])
  // @ts-expect-error 'token-aud-ignord' is not a FaultName
  t.notOk(faults.has('token-aud-ignord'))
  // @ts-expect-error servers take only FaultNames
  t.throws(() => parseFaults(['token-aud-ignord' satisfies FaultName]), /unknown fault token-aud-ignord/)
  t.same(Object.keys(PROBES).sort(), FAULTS.map((f) => f.name).sort())
  t.ok(FAULTS.length >= 60, `${FAULTS.length} faults`)
  t.same([...new Set(FAULTS.map((f) => f.area))].sort(), ['bulk-export', 'discovery', 'import', 'lambda', 'nlp', 'resource-server', 'search', 'token', 'transactions'])
  const doc = readFileSync(new URL('../../docs/reference-server.md', import.meta.url), 'utf8')
  for (const f of FAULTS) t.ok(doc.includes(`| \`${f.name}\` | ${f.area} |`), `docs/reference-server.md lists ${f.name}`)
})

// Probes three at a time: each has servers of its own, and most of a probe's time is waiting (for a
// job, an enrichment, a timeout), so side by side they take little more CPU and a third of the time. One
// client key for all: every server registers it afresh, and an RSA key costs a tenth of a second.
t.jobs = 3
let sharedKey: Promise<ClientKey> | undefined
for (const fault of FAULTS) {
  t.test(`FAULT ${fault.name}: ${fault.breaks}`, async (t) => {
    const probe = PROBES[fault.name]
    if (!probe) return t.fail('no probe')
    const key = await (sharedKey ??= clientKey('RS384'))
    for (const [label, faults] of [
      ['clean', []],
      ['faulty', [fault.name]],
    ] as const) {
      const e = await probeEnv(probe.setup, [...faults], key)
      try {
        const seen = await probe.run(e)
        if (label === 'clean') t.same(seen, probe.good, 'the clean target keeps the rule')
        else t.notSame(seen, probe.good, `with the fault on, the rule breaks (saw ${JSON.stringify(seen)})`)
      } finally {
        await e.target.close()
      }
    }
  })
}
