import { parseBody } from '../expect.js'
import { expect, shown, skip, type Check } from '../check.js'
import { claimsAppLaunch, discoveryJson } from '../smart-discovery/shared.js'
import { API, describeDataStore, GUIDE } from './shared.js'

const REQUIRED = ['token_endpoint', 'capabilities', 'grant_types_supported', 'code_challenge_methods_supported']

export const check: Check = {
  id: 'HL-02',
  title: "The data store's SMART Metadata has the documented fields and matches .well-known",
  description: `On a SMART data store, \`IdentityProviderConfiguration.Metadata\` is JSON with ${REQUIRED.map((k) => `\`${k}\``).join(', ')} (and \`authorization_endpoint\` where it claims app launch, as SMART's metadata rules say), and HealthLake serves it at \`.well-known/smart-configuration\`: the two agree on \`token_endpoint\` and \`authorization_endpoint\` ([API_IdentityProviderConfiguration](${API}/API_IdentityProviderConfiguration.html); [SMART discovery on HealthLake](${GUIDE}/reference-smart-on-fhir-discovery.html)).`,
  verifies: ['HL-CP-2'],
  level: 'SHALL',
  async run(ctx) {
    const p = await describeDataStore(ctx)
    const idp = p.IdentityProviderConfiguration
    if (!idp || idp.AuthorizationStrategy === 'AWS_AUTH' || !idp.AuthorizationStrategy) skip('the data store uses AWS_AUTH (no SMART metadata)')
    let meta: Record<string, unknown>
    try {
      meta = parseBody(idp.Metadata ?? '') as Record<string, unknown>
    } catch {
      expect(false, `expected \`Metadata\` to be a JSON string, got ${shown(idp.Metadata)}`)
    }
    const missing = [...REQUIRED, ...(claimsAppLaunch(meta) ? ['authorization_endpoint'] : [])].filter((k) => meta[k] === undefined)
    expect(missing.length === 0, `expected ${missing.map((k) => `\`${k}\``).join(', ')} in Metadata, got keys ${shown(Object.keys(meta))}`)
    const wk = await discoveryJson(ctx)
    for (const k of ['token_endpoint', 'authorization_endpoint']) expect(meta[k] === wk[k], `expected Metadata \`${k}\` ${shown(meta[k])} to equal .well-known's ${shown(wk[k])}`)
  },
}
