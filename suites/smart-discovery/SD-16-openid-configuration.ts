import { expect, shown, type Check } from '../check.js'
import { discoveryJson, openIdMetadata } from './shared.js'

const DISCOVERY = 'https://openid.net/specs/openid-connect-discovery-1_0.html'

/** The provider metadata OpenID Connect Discovery §3 marks REQUIRED (token_endpoint: for the code flow SMART uses). */
const REQUIRED_URLS = ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const
const REQUIRED_LISTS = ['response_types_supported', 'subject_types_supported', 'id_token_signing_alg_values_supported'] as const

export const check: Check = {
  id: 'SD-16',
  title: "The OpenID provider's metadata is served under its issuer with every required field",
  description: `A server claiming \`sso-openid-connect\` is an OpenID provider: \`{issuer}/.well-known/openid-configuration\` (the SMART \`issuer\`, any final \`/\` removed) answers JSON whose \`issuer\` is identical to that issuer ([§4.3](${DISCOVERY}#ProviderConfigurationValidation): MUST), with \`authorization_endpoint\`, \`token_endpoint\` and \`jwks_uri\` as strings and \`response_types_supported\`, \`subject_types_supported\` and \`id_token_signing_alg_values_supported\` as non-empty arrays ([§3, Provider metadata](${DISCOVERY}#ProviderMetadata): REQUIRED). AU-68 judges the algorithms listed.`,
  verifies: ['OIDC-3'],
  level: 'SHALL',
  needs: [{ capability: 'sso-openid-connect' }],
  async run(ctx) {
    const conf = await discoveryJson(ctx)
    const issuer = conf.issuer
    expect(typeof issuer === 'string' && issuer !== '', `expected \`issuer\` in the SMART configuration (the server claims sso-openid-connect), got ${shown(issuer)}`)
    const ex = await openIdMetadata(ctx, issuer)
    expect(ex.response?.status === 200, `expected HTTP 200 from \`{issuer}/.well-known/openid-configuration\`, got ${ex.response?.status ?? ex.error}`)
    const meta = ex.json() as Record<string, unknown>
    expect(
      meta.issuer === issuer,
      `expected the OpenID provider metadata's \`issuer\` to be identical to the issuer it was fetched under, ${shown(issuer)}, got ${shown(meta.issuer)}`,
    )
    const missing = [
      ...REQUIRED_URLS.filter((k) => typeof meta[k] !== 'string' || meta[k] === ''),
      ...REQUIRED_LISTS.filter((k) => !Array.isArray(meta[k]) || (meta[k] as unknown[]).length === 0 || !(meta[k] as unknown[]).every((x) => typeof x === 'string')),
    ]
    expect(
      missing.length === 0,
      `expected the OpenID provider metadata to carry every REQUIRED field; missing or malformed: ${missing.map((k) => `\`${k}\` (${shown(meta[k])})`).join(', ')}`,
    )
  },
}
