import { expect, shown, skip, type Check } from '../check.js'
import { capability, OAUTH_URIS } from './shared.js'
import { claimsAppLaunch, discovery, discoveryJson } from '../smart-discovery/shared.js'

export const check: Check = {
  id: 'CS-07',
  title: 'rest.security declares SMART-on-FHIR with the oauth-uris extension',
  description: `SMART 2 conveys its endpoints through .well-known and calls the CapabilityStatement route deprecated, so this is optional: a server that still uses it marks \`rest.security.service\` with the \`SMART-on-FHIR\` coding and carries the \`${OAUTH_URIS}\` extension with \`token\`, and with \`authorize\` where it claims app launch (a backend-services-only server has no authorization endpoint to name) ([SMART App Launch, OAuth authorization endpoints](https://hl7.org/fhir/smart-app-launch/STU2.1/conformance.html#smart-on-fhir-oauth-authorization-endpoints-and-capabilities); SMART 1.0 required it).`,
  verifies: ['SMART-CAP-1'],
  level: 'MAY',
  async run(ctx) {
    if ((await discovery(ctx)).response?.status !== 200) skip('the target publishes no SMART configuration, so it does not claim SMART')
    const launch = claimsAppLaunch(await discoveryJson(ctx))
    const security = (await capability(ctx)).rest?.[0]?.security
    const codings = (security?.service ?? []).flatMap((s: { coding?: Array<{ code?: string }> }) => s.coding ?? [])
    expect(
      codings.some((c: { code?: string }) => c.code === 'SMART-on-FHIR'),
      `expected a \`rest.security.service\` coding \`SMART-on-FHIR\`, got ${shown(codings)}`,
    )
    const ext = (security?.extension ?? []).find((e: { url?: string }) => e.url === OAUTH_URIS)
    const names = (ext?.extension ?? []).map((e: { url?: string }) => e.url)
    const needed = launch ? ['authorize', 'token'] : ['token']
    expect(
      needed.every((n) => names.includes(n)),
      `expected the oauth-uris extension with ${needed.map((n) => `\`${n}\``).join(' and ')}, got ${shown(names)}`,
    )
  },
}
