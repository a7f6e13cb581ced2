import { expect, type Check } from '../check.js'
import { discoveryJson, SPEC } from './shared.js'

/** The endpoints discovery may name, and how each is asked: with nothing, so a live one refuses. */
const ENDPOINTS: ReadonlyArray<[field: string, method: 'GET' | 'POST']> = [
  ['authorization_endpoint', 'GET'],
  ['token_endpoint', 'POST'],
  ['introspection_endpoint', 'POST'],
  ['revocation_endpoint', 'POST'],
  ['management_endpoint', 'GET'],
  ['registration_endpoint', 'POST'],
  ['jwks_uri', 'GET'],
]

export const check: Check = {
  id: 'SD-03',
  title: 'Every endpoint discovery names is there',
  description: `The SMART configuration conveys the server's OAuth endpoints ([SMART App Launch, Metadata](${SPEC}#metadata)); an endpoint it names must exist. Each one named (authorization, token, introspection, revocation, management, registration, and the JWKS), resolved against the FHIR base as a client resolves a relative URL, is asked with an empty request: any answer but 404 or 410 shows it is there (a 400 or 401 is what an empty request should get). A mistyped URL in a data store's identity-provider metadata shows up here, not in the middle of an app's sign-in.`,
  verifies: ['SMART-WK-11'],
  level: 'SHALL',
  async run(ctx) {
    const conf = await discoveryJson(ctx)
    const dead: string[] = []
    for (const [field, method] of ENDPOINTS) {
      const url = conf[field]
      if (typeof url !== 'string' || url.trim() === '') continue
      const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }
      const ex = await ctx.exchange(`endpoint-${field}`, method, url, method === 'POST' ? form : { accept: 'application/json, text/html' }, {
        noAuth: true,
        noRedirect: true,
        ...(method === 'POST' ? { body: '' } : {}),
      })
      const status = ex.response?.status
      if (status === undefined || status === 404 || status === 410) dead.push(`\`${field}\` ${url} (${status ?? ex.error})`)
    }
    expect(dead.length === 0, `expected every endpoint the SMART configuration names to exist, got ${dead.join('; ')}`)
  },
}
