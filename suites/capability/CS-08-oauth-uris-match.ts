import { expect, shown, skip, type Check } from '../check.js'
import { capability, OAUTH_URIS } from './shared.js'
import { discovery, discoveryJson } from '../smart-discovery/shared.js'

export const check: Check = {
  id: 'CS-08',
  title: 'oauth-uris agree with the .well-known endpoints',
  description:
    'Each of the authorize, token, introspect and revoke URIs that both the CapabilityStatement and `.well-known/smart-configuration` name agrees (`authorization_endpoint`, `token_endpoint`, `introspection_endpoint`, `revocation_endpoint`). The CapabilityStatement route is deprecated in SMART 2 (so a disagreement warns, it does not fail). A URI named in only one place is not a mismatch: introspect and revoke are optional in oauth-uris, and those endpoints are only RECOMMENDED in discovery ([SMART App Launch, Metadata](https://hl7.org/fhir/smart-app-launch/STU2.1/conformance.html#metadata); [oauth-uris](https://hl7.org/fhir/smart-app-launch/STU2.1/StructureDefinition-oauth-uris.html)).',
  verifies: ['SMART-CAP-2'],
  level: 'MAY',
  async run(ctx) {
    if ((await discovery(ctx)).response?.status !== 200) skip('the target publishes no SMART configuration, so it does not claim SMART')
    const ext = ((await capability(ctx)).rest?.[0]?.security?.extension ?? []).find((e: { url?: string }) => e.url === OAUTH_URIS)
    if (!ext) skip('no oauth-uris extension (CS-07)')
    const conf = await discoveryJson(ctx)
    const pairs: Array<[string, string]> = [
      ['authorize', 'authorization_endpoint'],
      ['token', 'token_endpoint'],
      ['introspect', 'introspection_endpoint'],
      ['revoke', 'revocation_endpoint'],
    ]
    for (const [uri, field] of pairs) {
      const inCap = ext.extension?.find((e: { url?: string }) => e.url === uri)?.valueUri
      if (inCap === undefined || conf[field] === undefined) continue
      expect(inCap === conf[field], `expected oauth-uris \`${uri}\` to equal \`${field}\` ${shown(conf[field])}, got ${shown(inCap)}`)
    }
  },
}
