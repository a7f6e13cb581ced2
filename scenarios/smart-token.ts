// The SMART token endpoint under load: client_credentials with a client secret (CLIENT_ID,
// CLIENT_SECRET), each answer checked for an access token.
import http from 'k6/http'
import { check } from 'k6'
import { b64encode } from 'k6/encoding'
import { tokenEndpoint } from './lib/fhir.ts'
import { ERROR_GUARD, profileScenario, slo } from './lib/profiles.ts'

export const options = {
  scenarios: { tokens: profileScenario() },
  thresholds: { ...ERROR_GUARD, 'http_req_duration{name:token}': [`p(95)<${slo(500)}`] },
}

export async function setup() {
  if (!__ENV.CLIENT_ID || !__ENV.CLIENT_SECRET)
    throw new Error('smart-token needs CLIENT_ID and CLIENT_SECRET (shoreline load --auth client-secret --client-id … --client-secret …)')
  return { url: await tokenEndpoint(), basic: b64encode(`${__ENV.CLIENT_ID}:${__ENV.CLIENT_SECRET}`) }
}

export default async function (d: { url: string; basic: string }) {
  const res = await http.asyncRequest(
    'POST',
    d.url,
    { grant_type: 'client_credentials', scope: __ENV.SCOPE ?? 'system/*.rs' },
    { headers: { Authorization: `Basic ${d.basic}` }, tags: { name: 'token' } },
  )
  check(res, { 'token 200': (r) => r.status === 200, 'access_token present': (r) => r.status === 200 && typeof (r.json() as { access_token?: unknown }).access_token === 'string' })
}
