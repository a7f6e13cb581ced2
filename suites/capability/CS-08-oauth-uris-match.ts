import { expect, shown, skip, type Check } from '../check.js'
import { capability, OAUTH_URIS } from './shared.js'
import { discovery, discoveryJson } from '../smart-discovery/shared.js'

export const check: Check = {
  id: 'CS-08',
  title: 'oauth-uris agree with the .well-known endpoints',
  description:
    'The authorize, token, introspect and revoke URIs in the CapabilityStatement equal `authorization_endpoint`, `token_endpoint`, `introspection_endpoint` and `revocation_endpoint` in `.well-known/smart-configuration` ([SMART App Launch, Metadata](https://hl7.org/fhir/smart-app-launch/STU2.1/conformance.html#metadata)).',
  verifies: ['SMART-CAP-2'],
  level: 'SHALL',
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
      if (inCap === undefined && conf[field] === undefined) continue
      expect(inCap === conf[field], `expected oauth-uris \`${uri}\` to equal \`${field}\` ${shown(conf[field])}, got ${shown(inCap)}`)
    }
  },
}
