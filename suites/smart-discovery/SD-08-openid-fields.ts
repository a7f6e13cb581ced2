import { expect, shown, type Check } from '../check.js'
import { discoveryJson, SPEC } from './shared.js'

/** An absolute http(s) URL, as the SMART metadata's issuer and jwks_uri are. */
function isUrl(v: unknown): boolean {
  if (typeof v !== 'string' || v.trim() === '') return false
  try {
    return ['https:', 'http:'].includes(new URL(v).protocol)
  } catch {
    return false
  }
}

export const check: Check = {
  id: 'SD-08',
  title: 'A server claiming sso-openid-connect names its issuer and jwks_uri in discovery',
  description: `\`issuer\` (the OpenID Connect issuer URL) and \`jwks_uri\` (the URL of its JSON Web Key Set) are CONDITIONAL: required when \`capabilities\` includes \`sso-openid-connect\` ([SMART App Launch, Metadata](${SPEC}#metadata)). Both must be absolute URLs. SD-16 then fetches the provider metadata under that issuer; SD-17 the keys.`,
  verifies: ['SMART-WK-10'],
  level: 'SHALL',
  needs: [{ capability: 'sso-openid-connect' }],
  async run(ctx) {
    const conf = await discoveryJson(ctx)
    const bad = (['issuer', 'jwks_uri'] as const).filter((k) => !isUrl(conf[k]))
    expect(
      bad.length === 0,
      `expected ${bad.map((k) => `\`${k}\``).join(' and ')} in the SMART configuration as an absolute URL (the server claims sso-openid-connect), got ${bad.map((k) => `${k}: ${shown(conf[k])}`).join(', ')}`,
    )
  },
}
