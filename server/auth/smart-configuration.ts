// The SMART configuration this server publishes at .well-known/smart-configuration: SMART App
// Launch 2.x metadata plus what HealthLake adds, changed by the faults and legal variants in force.
import type { Faults } from '../faults/catalogue.js'
import type { Variants } from '../variants/catalogue.js'
import { CLIENT_ALGS } from './client-assertion.js'
import { BRANDS_PATH } from './brands.js'

interface Where {
  origin: string
  issuer: string
  tokenUrl: string
  faults: Faults
  variants: Variants
  /** The server acts as an OpenID provider: sso-openid-connect is claimed. */
  openid?: boolean
}

/** `{base}/.well-known/smart-configuration` (SMART App Launch 2.x §2.1 + HealthLake's fields). */
export function smartConfiguration(o: Where): Record<string, unknown> {
  const f = o.faults
  const conf: Record<string, unknown> = {
    issuer: o.issuer,
    jwks_uri: `${o.origin}/auth/jwks`,
    authorization_endpoint: `${o.origin}/auth/authorize`,
    token_endpoint: o.tokenUrl,
    introspection_endpoint: `${o.origin}/auth/introspect`,
    revocation_endpoint: `${o.origin}/auth/revoke`,
    grant_types_supported: ['client_credentials', 'authorization_code', 'refresh_token'],
    code_challenge_methods_supported: f.has('discovery-plain-pkce') ? ['S256', 'plain'] : ['S256'],
    token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_basic', 'client_secret_post'],
    token_endpoint_auth_signing_alg_values_supported: CLIENT_ALGS,
    // SMART App Launch 2.2: the User-access Brands bundle this server publishes (server/auth/brands.ts).
    user_access_brand_bundle: `${o.origin}${BRANDS_PATH}`,
    response_types_supported: ['code'],
    scopes_supported: [
      'openid',
      'fhirUser',
      'launch/patient',
      'offline_access',
      'system/*.read',
      'system/*.rs',
      'system/*.cruds',
      'user/*.cruds',
      'patient/*.read',
      'patient/*.rs',
      'patient/*.cruds',
    ],
    capabilities: [
      'launch-standalone',
      'authorize-post',
      'client-public',
      'client-confidential-symmetric',
      'client-confidential-asymmetric',
      'context-standalone-patient',
      'permission-offline',
      'permission-patient',
      'permission-user',
      'permission-v1',
      'permission-v2',
    ],
  }
  if (o.openid) conf.capabilities = [...(conf.capabilities as string[]), 'sso-openid-connect']
  applyVariants(conf, o.variants)
  if (f.has('discovery-no-token-endpoint')) delete conf.token_endpoint
  if (f.has('discovery-no-s256')) conf.code_challenge_methods_supported = ['plain']
  if (f.has('discovery-no-jwks-uri')) {
    // Without sso-openid-connect an absent jwks_uri is legal (the no-openid variant); the fault claims it.
    delete conf.jwks_uri
    conf.capabilities = [...(conf.capabilities as string[]), 'sso-openid-connect']
  }
  // discovery-dead-endpoint: a mistyped revocation URL, as a hand-written identity-provider metadata might carry.
  if (f.has('discovery-dead-endpoint') && conf.revocation_endpoint) conf.revocation_endpoint = `${o.origin}/auth/revocation`
  if (f.has('discovery-no-issuer')) {
    delete conf.issuer
    conf.capabilities = [...new Set([...(conf.capabilities as string[]), 'sso-openid-connect'])]
  }
  if (f.has('discovery-no-capabilities')) delete conf.capabilities
  if (f.has('discovery-no-asymmetric-alg')) conf.token_endpoint_auth_signing_alg_values_supported = ['HS256']
  if (f.has('discovery-no-authorization-code')) conf.grant_types_supported = ['client_credentials']
  if (f.has('discovery-capabilities-not-strings')) conf.capabilities = ['launch-standalone', { name: 'client-confidential-asymmetric' }, 7]
  if (f.has('discovery-no-auth-methods')) delete conf.token_endpoint_auth_methods_supported
  if (f.has('discovery-stu1-only')) {
    delete conf.grant_types_supported
    delete conf.code_challenge_methods_supported
  }
  return conf
}

/** Legal variants of discovery (server/variants/catalogue.ts). */
function applyVariants(conf: Record<string, unknown>, v: Variants): void {
  const caps = conf.capabilities as string[]
  if (v.has('backend-services-only')) {
    delete conf.authorization_endpoint
    conf.grant_types_supported = ['client_credentials']
    conf.response_types_supported = []
    conf.capabilities = caps.filter((c) => !/^(launch-|context-|authorize-|client-public|permission-(patient|user|offline))/.test(c))
    conf.scopes_supported = (conf.scopes_supported as string[]).filter((s) => s.startsWith('system/'))
  }
  if (v.has('no-introspection-revocation')) {
    delete conf.introspection_endpoint
    delete conf.revocation_endpoint
  }
  if (v.has('no-openid')) {
    delete conf.issuer
    delete conf.jwks_uri
  }
  if (v.has('ec-only-jwks')) {
    // jwks_uri stays (optional without OpenID Connect) and holds one EC key; no id_tokens are claimed.
    delete conf.issuer
    conf.capabilities = (conf.capabilities as string[]).filter((c) => c !== 'sso-openid-connect')
  }
}
