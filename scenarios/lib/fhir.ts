// What every scenario shares: the FHIR base (BASE_URL), a session made once in setup() — a bearer
// TOKEN, a SMART client-credentials token (CLIENT_ID / CLIENT_SECRET, endpoint from
// .well-known), or SigV4 (AWS_* variables) — and requests through http.asyncRequest tagged with
// the FHIR interaction's name, so thresholds read as SLOs per interaction.
import http from 'k6/http'
import { b64encode } from 'k6/encoding'
import { sign, type AwsCredentials } from './sigv4.ts'

export const BASE = (__ENV.BASE_URL ?? 'http://127.0.0.1:8080/datastore/local/r4/').replace(/\/?$/, '/')
export const FHIR_JSON = 'application/fhir+json'

export interface Session {
  headers: Record<string, string>
  aws?: AwsCredentials
  /** Tags every resource a scenario creates, so teardown finds and deletes them. */
  tag: { system: string; code: string }
}

export async function authenticate(): Promise<Session> {
  const tag = { system: 'https://shoreline.invalid/load-run', code: `load-${Date.now().toString(36)}` }
  if (__ENV.TOKEN) return { headers: { Authorization: `Bearer ${__ENV.TOKEN}` }, tag }
  if (__ENV.AWS_ACCESS_KEY_ID && __ENV.AWS_SECRET_ACCESS_KEY) {
    return {
      headers: {},
      aws: { accessKeyId: __ENV.AWS_ACCESS_KEY_ID, secretAccessKey: __ENV.AWS_SECRET_ACCESS_KEY, sessionToken: __ENV.AWS_SESSION_TOKEN, region: __ENV.AWS_REGION ?? 'us-east-1' },
      tag,
    }
  }
  if (__ENV.CLIENT_ID && __ENV.CLIENT_SECRET) return { headers: { Authorization: `Bearer ${await clientCredentialsToken()}` }, tag }
  return { headers: {}, tag }
}

export async function tokenEndpoint(): Promise<string> {
  const res = await http.asyncRequest('GET', `${BASE}.well-known/smart-configuration`, null, { tags: { name: 'smart-configuration' } })
  if (res.status !== 200) throw new Error(`.well-known/smart-configuration answered ${res.status}`)
  return String((res.json() as { token_endpoint?: string }).token_endpoint)
}

/** A client_credentials token with the client secret (HTTP Basic). */
export async function clientCredentialsToken(url?: string): Promise<string> {
  const endpoint = url ?? (await tokenEndpoint())
  const basic = b64encode(`${__ENV.CLIENT_ID}:${__ENV.CLIENT_SECRET}`)
  const res = await http.asyncRequest(
    'POST',
    endpoint,
    { grant_type: 'client_credentials', scope: __ENV.SCOPE ?? 'system/*.cruds' },
    { headers: { Authorization: `Basic ${basic}` }, tags: { name: 'token' } },
  )
  if (res.status !== 200) throw new Error(`the token endpoint answered ${res.status}: ${String(res.body).slice(0, 200)}`)
  return String((res.json() as { access_token: string }).access_token)
}

/** One FHIR request: `path` relative to BASE (or absolute), tagged `name`. */
export function fhir(
  s: Session,
  method: string,
  path: string,
  name: string,
  body?: unknown,
  extra: { headers?: Record<string, string>; expected?: number[]; timeout?: string; responseType?: 'text' | 'binary' | 'none' } = {},
) {
  const url = /^https?:/.test(path) ? path : BASE + path
  const payload = body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body)
  const headers: Record<string, string> = { Accept: FHIR_JSON, ...(payload !== null ? { 'Content-Type': FHIR_JSON } : {}), ...s.headers, ...extra.headers }
  if (s.aws) Object.assign(headers, sign(method, url, payload, s.aws))
  return http.asyncRequest(method, url, payload, {
    headers,
    tags: { name },
    ...(extra.timeout ? { timeout: extra.timeout } : {}),
    ...(extra.responseType ? { responseType: extra.responseType } : {}),
    ...(extra.expected ? { responseCallback: http.expectedStatuses(...extra.expected) } : {}),
  })
}

/** `meta.tag` for what a scenario creates. */
export function tagged<T extends Record<string, unknown>>(s: Session, r: T): T {
  return { ...r, meta: { tag: [s.tag] } }
}

/** Without a dataset: `count` Patients of the scenario's own, tagged so teardown's cleanUp finds them. */
export async function ownPatients(s: Session, count: number, family: string): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const r = await fhir(s, 'POST', 'Patient', 'Patient.create', tagged(s, { resourceType: 'Patient', name: [{ family: `${family}${i}` }], gender: 'unknown' }))
    if (r.status === 201) ids.push(String((r.json() as { id: string }).id))
  }
  if (!ids.length) throw new Error('setup could not create any Patient')
  return ids
}

/** Deletes every `type` carrying the session's tag, a page at a time (teardown). */
export async function cleanUp(s: Session, type: string): Promise<number> {
  let deleted = 0
  for (let round = 0; round < 100; round++) {
    const res = await fhir(s, 'GET', `${type}?_tag=${encodeURIComponent(`${s.tag.system}|${s.tag.code}`)}&_count=200&_elements=id`, 'cleanup')
    if (res.status !== 200) return deleted
    const ids = ((res.json() as { entry?: Array<{ resource?: { id?: string } }> }).entry ?? []).map((e) => e.resource?.id).filter((id): id is string => !!id)
    if (!ids.length) return deleted
    await fhir(s, 'POST', '', 'cleanup', { resourceType: 'Bundle', type: 'batch', entry: ids.map((id) => ({ request: { method: 'DELETE', url: `${type}/${id}` } })) })
    deleted += ids.length
  }
  return deleted
}

/** Patient ids from the dataset manifest (DATA_DIR), read once in the init context. */
export function datasetPatients(open: (p: string) => string): string[] {
  if (!__ENV.DATA_DIR) return []
  const manifest = JSON.parse(open(`${__ENV.DATA_DIR}/manifest.json`)) as { patientIndex?: Array<{ id: string }> }
  return (manifest.patientIndex ?? []).map((p) => p.id)
}

export const pick = <T>(xs: T[]): T => {
  if (xs.length === 0) throw new Error('pick from an empty list (is the dataset loaded?)')
  return xs[Math.floor(Math.random() * xs.length)] as T
}
