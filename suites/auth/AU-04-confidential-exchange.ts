import { randomBytes } from 'node:crypto'
import { expect, shown, skip, type Check } from '../check.js'
import { parseBody } from '../expect.js'
import type { CheckContext, ConfidentialAppClient } from '../context.js'
import { discoveryJson } from '../smart-discovery/shared.js'
import { authorize, s256 } from './app-launch.js'
import { oauthError, tokenExchange } from './shared.js'

const SMART = 'https://hl7.org/fhir/smart-app-launch/STU2.1/client-confidential-symmetric.html'
const RFC = 'https://www.rfc-editor.org/rfc/rfc6749'

/** An approved authorization request of the confidential app: its code and verifier. */
async function approved(ctx: CheckContext, app: ConfidentialAppClient, name: string): Promise<{ code: string; verifier: string }> {
  const verifier = randomBytes(32).toString('base64url')
  const answer = await authorize(ctx, app, `authorize-${name}`, s256(verifier), 'S256')
  if ('refused' in answer) skip(`the confidential app's S256 authorization request is refused (${answer.refused}): check --confidential-client-id and its redirect URI`)
  return { code: answer.code, verifier }
}

/** HTTP Basic credentials as RFC 6749 §2.3.1 builds them: id and secret form-encoded, then base64. */
const formEncoded = (s: string) => new URLSearchParams({ s }).toString().slice(2)
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${formEncoded(id)}:${formEncoded(secret)}`).toString('base64')}`

export const check: Check = {
  id: 'AU-04',
  title: "A confidential app's code is exchanged with HTTP Basic: accepted with its secret, refused without it or with a wrong one",
  description: `Where the SMART configuration claims \`client-confidential-symmetric\` (and, if it lists token endpoint auth methods, \`client_secret_basic\`), the run's confidential app client (\`--confidential-client-id\`, its secret in \`SHORELINE_CONFIDENTIAL_CLIENT_SECRET\`) goes through three S256 authorization requests. The first code, exchanged with the client's id and secret in HTTP Basic ([SMART, confidential symmetric clients](${SMART}); [RFC 6749 §2.3.1](${RFC}#section-2.3.1)), must give a token. The second, exchanged naming the client but without its secret, must be refused: the server MUST require a confidential client to authenticate ([§4.1.3](${RFC}#section-4.1.3)). The third, with a wrong secret in HTTP Basic, must be refused with 401 \`invalid_client\` ([§5.2](${RFC}#section-5.2)).`,
  verifies: ['OAUTH-17'],
  level: 'SHALL',
  needs: [{ endpoint: 'authorization_endpoint' }],
  async run(ctx) {
    const conf = await discoveryJson(ctx)
    const caps = Array.isArray(conf.capabilities) ? conf.capabilities : []
    if (!caps.includes('client-confidential-symmetric')) skip('the SMART configuration does not claim `client-confidential-symmetric`')
    const methods = conf.token_endpoint_auth_methods_supported
    if (Array.isArray(methods) && !methods.includes('client_secret_basic')) skip(`the token endpoint does not list \`client_secret_basic\` (it lists ${shown(methods)})`)
    const app = ctx.confidentialApp
    if (!app) skip('needs a confidential app client registered at the target (--confidential-client-id, its secret in SHORELINE_CONFIDENTIAL_CLIENT_SECRET)')
    const c = { tokenUrl: String(conf.token_endpoint) }
    const form = (g: { code: string; verifier: string }) => ({ grant_type: 'authorization_code', code: g.code, redirect_uri: app.redirectUri, code_verifier: g.verifier })

    const first = await approved(ctx, app, 'AU-04-basic')
    const ok = await tokenExchange(ctx, c, 'token-AU-04-basic', form(first), { authorization: basic(app.clientId, app.secret) })
    expect(ok.response?.status === 200, `expected the confidential app's code, exchanged with its secret in HTTP Basic, to give a token, got ${oauthError(ok).got}`)
    const body = parseBody<{ access_token?: unknown }>(ok.response.body, 'the token response')
    expect(typeof body.access_token === 'string' && body.access_token !== '', "expected an `access_token` in the confidential app's token response")

    const second = await approved(ctx, app, 'AU-04-unauthenticated')
    const bare = await tokenExchange(ctx, c, 'token-AU-04-unauthenticated', { ...form(second), client_id: app.clientId })
    expect(bare.response?.status !== 200, `a confidential client's code was exchanged without its authentication (only \`client_id\` named): ${oauthError(bare).got}`)
    const refusal = oauthError(bare)
    expect(refusal.ok, `expected the unauthenticated exchange to be refused with an OAuth error, got ${refusal.got}`)

    const third = await approved(ctx, app, 'AU-04-wrong-secret')
    const wrong = await tokenExchange(ctx, c, 'token-AU-04-wrong-secret', form(third), { authorization: basic(app.clientId, `${app.secret}-not`) })
    const denied = oauthError(wrong, ['invalid_client'])
    expect(wrong.response?.status === 401 && denied.ok, `expected a wrong client secret in HTTP Basic to be refused with 401 \`invalid_client\`, got ${denied.got}`)
  },
}
