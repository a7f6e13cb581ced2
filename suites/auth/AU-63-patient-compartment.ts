import { expect, skip, type Check } from '../check.js'
import { parseBody } from '../expect.js'
import { appGrant } from './app-launch.js'

const SPEC = 'https://hl7.org/fhir/smart-app-launch/STU2.1/app-launch.html#step-6-fhir-api'
const FHIR_JSON = { accept: 'application/fhir+json' }

type Page = { entry?: Array<{ resource?: { resourceType?: string; id?: string; subject?: { reference?: string } } }> }

export const check: Check = {
  id: 'AU-63',
  title: "A token with a patient in context reaches that patient's compartment and no other patient",
  description: `The run's app client gets \`launch/patient patient/*.rs\` through the authorization-code flow; the token response names the patient in context. With that token the patient reads (HTTP 200), but another patient the target holds (found with the run's own credentials) does not — not by read, and not through an Observation search for that patient, which is refused or finds nothing of theirs. The resource server SHALL ensure the token's scope covers the request, and \`patient/\` scopes cover the patient in context ([SMART App Launch, Access FHIR API](${SPEC}); [Scopes and launch context](https://hl7.org/fhir/smart-app-launch/STU2.1/scopes-and-launch-context.html#patient-specific-scopes)).`,
  verifies: ['SMART-AL-3'],
  level: 'SHALL',
  needs: [{ endpoint: 'authorization_endpoint' }, { interaction: 'read', type: 'Patient' }, { interaction: 'search-type', type: 'Patient' }],
  async run(ctx) {
    const grant = await appGrant(ctx)
    if (grant.token.response?.status !== 200) skip('the approved code was not exchanged for a token (AU-05)')
    const issued = grant.token.json() as Record<string, unknown>
    const patient = issued.patient
    if (typeof patient !== 'string' || typeof issued.access_token !== 'string') skip('the token response names no patient in context (launch/patient was not granted a patient)')
    const listed = await ctx.exchange('patients-beside-context', 'GET', 'Patient?_count=20&_elements=id', FHIR_JSON)
    const ids = (listed.response?.status === 200 ? (parseBody<Page>(listed.response.body).entry ?? []) : []).map((e) => e.resource?.id).filter((id) => typeof id === 'string')
    const other = ids.find((id) => id !== patient)
    if (!other) skip(`the target holds no Patient besides ${patient} (with the run's credentials) to try the token on`)
    const bearer = { ...FHIR_JSON, authorization: `Bearer ${issued.access_token}` }
    const own = await ctx.exchange('app-read-own-patient', 'GET', `Patient/${patient}`, bearer, { noAuth: true })
    expect(own.response?.status === 200, `expected the token to read its patient in context, Patient/${patient}, got ${own.response?.status ?? own.error}`)
    const read = await ctx.exchange('app-read-other-patient', 'GET', `Patient/${other}`, bearer, { noAuth: true })
    expect(read.response?.status !== 200, `expected a token for Patient/${patient} refused Patient/${other}, got HTTP 200: it reaches outside the patient's compartment`)
    const search = await ctx.exchange('app-search-other-patient', 'GET', `Observation?patient=${encodeURIComponent(other)}`, bearer, { noAuth: true })
    if (search.response?.status !== 200) return
    const theirs = (parseBody<Page>(search.response.body).entry ?? []).filter((e) => e.resource?.resourceType === 'Observation')
    expect(
      theirs.length === 0,
      `expected an Observation search for Patient/${other} with a token for Patient/${patient} refused or empty, got ${theirs.length}: it reaches outside the patient's compartment`,
    )
  },
}
