import { expect, shown, type Check } from '../check.js'
import { API, describeDataStore } from './shared.js'

const STRATEGIES = ['SMART_ON_FHIR_V1', 'SMART_ON_FHIR', 'AWS_AUTH']

export const check: Check = {
  id: 'HL-03',
  title: 'DescribeFHIRDatastore names this endpoint, R4, ACTIVE, and a documented authorization strategy',
  description: `The data store's \`DatastoreEndpoint\` is the FHIR base under test, \`DatastoreTypeVersion\` is R4, \`DatastoreStatus\` is ACTIVE, and \`IdentityProviderConfiguration.AuthorizationStrategy\` is one of ${STRATEGIES.join(', ')} ([API_DatastoreProperties](${API}/API_DatastoreProperties.html); [API_IdentityProviderConfiguration](${API}/API_IdentityProviderConfiguration.html)).`,
  verifies: ['HL-CP-1'],
  level: 'SHALL',
  async run(ctx) {
    const p = await describeDataStore(ctx)
    const norm = (u: unknown) => String(u).replace(/\/?$/, '/')
    expect(norm(p.DatastoreEndpoint) === norm(ctx.target.url), `expected \`DatastoreEndpoint\` ${shown(ctx.target.url)}, got ${shown(p.DatastoreEndpoint)}`)
    expect(p.DatastoreTypeVersion === 'R4', `expected \`DatastoreTypeVersion\` R4, got ${shown(p.DatastoreTypeVersion)}`)
    expect(p.DatastoreStatus === 'ACTIVE', `expected \`DatastoreStatus\` ACTIVE, got ${shown(p.DatastoreStatus)}`)
    const strategy = p.IdentityProviderConfiguration?.AuthorizationStrategy ?? 'AWS_AUTH'
    expect(STRATEGIES.includes(strategy), `expected \`AuthorizationStrategy\` one of ${shown(STRATEGIES)}, got ${shown(strategy)}`)
  },
}
