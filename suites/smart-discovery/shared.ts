// The one discovery exchange every SD check reads (made by whichever runs first).
import type { CheckContext } from '../context.js'

export const SPEC = 'https://hl7.org/fhir/smart-app-launch/STU2.1/conformance.html'

export function discovery(ctx: CheckContext) {
  // Discovery is public: no credentials (fetching a token would need this very document).
  return ctx.exchange('smart-configuration', 'GET', '.well-known/smart-configuration', { accept: 'application/json' }, { noAuth: true })
}

export async function discoveryJson(ctx: CheckContext): Promise<Record<string, unknown>> {
  return (await discovery(ctx)).json()
}

const capabilitiesOf = (conf: Record<string, unknown>): unknown[] => (Array.isArray(conf.capabilities) ? conf.capabilities : [])

/**
 * Does the server claim app launch (launch-ehr or launch-standalone)? authorization_endpoint and
 * the authorization_code grant are required only then ([SMART App Launch, Metadata](SPEC#metadata)).
 */
export function claimsAppLaunch(conf: Record<string, unknown>): boolean {
  return capabilitiesOf(conf).some((c) => c === 'launch-ehr' || c === 'launch-standalone')
}

/** Does the server claim sso-openid-connect? issuer and jwks_uri are required only then. */
export function claimsOpenId(conf: Record<string, unknown>): boolean {
  return capabilitiesOf(conf).includes('sso-openid-connect')
}

/** The OpenID provider metadata at `{issuer}/.well-known/openid-configuration` (any final `/` of the issuer removed, OpenID Connect Discovery §4). */
export function openIdMetadata(ctx: CheckContext, issuer: string) {
  return ctx.exchange('openid-configuration', 'GET', `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { accept: 'application/json' }, { noAuth: true })
}
