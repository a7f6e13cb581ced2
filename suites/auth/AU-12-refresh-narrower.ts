import { expect, skip, type Check } from '../check.js'
import { parseBody } from '../expect.js'
import { granting, parseScopes } from '../../lib/smart-scopes.js'
import { appGrant, grantedScopes } from './app-launch.js'
import { oauthError, tokenExchange } from './shared.js'

const SPEC = 'https://hl7.org/fhir/smart-app-launch/STU2.1/app-launch.html#step-7-refresh'
/** Narrower than the app's `patient/*.rs`: its patient, and no other type. */
const NARROW = 'patient/Patient.rs'
const FHIR_JSON = { accept: 'application/fhir+json' }

/** Observations in a search answer (a body that is not a Bundle holds none). */
function observations(body: string): number {
  try {
    return ((parseBody(body) as { entry?: Array<{ resource?: { resourceType?: string } }> }).entry ?? []).filter((e) => e.resource?.resourceType === 'Observation').length
  } catch {
    return 0
  }
}

export const check: Check = {
  id: 'AU-12',
  title: 'A refresh asking for a narrower scope gets a token that reaches no more than its answer says',
  description: `The app (granted \`patient/*.rs offline_access\`) refreshes with \`scope=${NARROW}\`, as a client may to narrow its access ([SMART App Launch, Refresh access token](${SPEC})). A refusal skips (the server need not narrow). When it answers 200, the scope the answer states (or, stating none, the one asked: RFC 6749 §5.1 makes \`scope\` REQUIRED whenever it differs from the request) is what the new token may reach: if it does not cover Observation, a search for the patient's Observations with the new token is refused (401/403), while the token from before the refresh is answered ([RFC 6749 §5.1](https://www.rfc-editor.org/rfc/rfc6749#section-5.1)).`,
  verifies: ['OAUTH-15'],
  level: 'SHALL',
  needs: [{ endpoint: 'authorization_endpoint' }, { interaction: 'search-type', type: 'Observation' }],
  async run(ctx) {
    const grant = await appGrant(ctx, 'refresh-narrow')
    if (grant.token.response?.status !== 200) skip('the approved code was not exchanged for a token (AU-05)')
    const first = grant.token.json() as Record<string, unknown>
    if (typeof first.refresh_token !== 'string' || first.refresh_token === '') skip('the server issued no refresh token for `offline_access` (it need not)')
    if (typeof first.patient !== 'string' || typeof first.access_token !== 'string') skip('the token response names no patient in context')
    const search = `Observation?patient=${encodeURIComponent(first.patient)}`
    const before = await ctx.exchange('refresh-narrow-before', 'GET', search, { ...FHIR_JSON, authorization: `Bearer ${first.access_token}` }, { noAuth: true })
    if (before.response?.status !== 200)
      skip(`the token from before the refresh is not answered for ${search} (HTTP ${before.response?.status ?? before.error}): nothing to narrow`)
    if (observations(before.response.body) === 0) skip(`the patient in context has no Observation (${search}): nothing to narrow away`)
    const narrowed = await tokenExchange(ctx, grant, 'refresh-narrow-token', {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      client_id: ctx.app!.clientId,
      scope: NARROW,
    })
    if (narrowed.response?.status !== 200) skip(`the refresh asking for \`${NARROW}\` was refused (${oauthError(narrowed).got}); a server need not narrow`)
    const body = narrowed.json() as Record<string, unknown>
    const stated = grantedScopes(body).size > 0 ? [...grantedScopes(body)].join(' ') : NARROW
    if (granting(parseScopes(stated), 'Observation', 's').length > 0) return // the answer says Observation is still reachable
    if (typeof body.access_token !== 'string' || body.access_token === '') skip('the refresh answered 200 without an access_token (AU-11)')
    const after = await ctx.exchange('refresh-narrow-after', 'GET', search, { ...FHIR_JSON, authorization: `Bearer ${body.access_token}` }, { noAuth: true })
    const status = after.response?.status ?? 0
    // Refused, or answered with nothing the narrower scope excludes.
    const reached = status === 200 ? observations(after.response!.body) : 0
    expect(
      status === 401 || status === 403 || (status === 200 && reached === 0),
      `expected the refreshed token, granted \`${stated}\` by its answer, refused ${search} (401/403), got ${status === 200 ? `HTTP 200 with ${reached} Observation(s)` : status || after.error}: the refresh ignored the narrower scope`,
    )
  },
}
