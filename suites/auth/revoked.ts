// A token that has been revoked (RFC 7009), made once and inspected by AU-14 and AU-18.
import { skip } from '../check.js'
import type { CheckContext } from '../context.js'
import { discoveryJson } from '../smart-discovery/shared.js'
import { assertion, backendClient, backendForm, tokenExchange, ASSERTION_TYPE } from './shared.js'

/** Client authentication for introspection and revocation: a fresh private_key_jwt assertion. */
export async function clientAuthForm(ctx: CheckContext): Promise<Record<string, string>> {
  const c = await backendClient(ctx)
  return { client_assertion_type: ASSERTION_TYPE, client_assertion: await assertion(c) }
}

/** POST the introspection endpoint about `token` (the run's client authenticating), once per name; skip if there is none. */
export async function introspect(ctx: CheckContext, name: string, token: string) {
  const url = (await discoveryJson(ctx)).introspection_endpoint
  if (typeof url !== 'string') skip('no introspection_endpoint in the SMART configuration')
  return ctx.exchange(name, 'POST', url, { 'content-type': 'application/x-www-form-urlencoded' }, { body: new URLSearchParams({ ...(await clientAuthForm(ctx)), token }).toString(), noAuth: true })
}

export async function revokedToken(ctx: CheckContext): Promise<string> {
  const conf = await discoveryJson(ctx)
  if (typeof conf.revocation_endpoint !== 'string') skip('no revocation_endpoint in the SMART configuration')
  const c = await backendClient(ctx)
  const tok = await tokenExchange(ctx, c, 'token-to-revoke', backendForm(c, await assertion(c), 'system/Patient.rs'))
  if (tok.response?.status !== 200) skip('the client could not get a system/Patient.rs token')
  const token = (tok.json() as { access_token: string }).access_token
  const rev = await ctx.exchange('revoke', 'POST', conf.revocation_endpoint, { 'content-type': 'application/x-www-form-urlencoded' }, { body: new URLSearchParams({ ...(await clientAuthForm(ctx)), token }).toString(), noAuth: true })
  if (rev.response?.status !== 200) skip(`revocation answered HTTP ${rev.response?.status ?? rev.error}`)
  return token
}
