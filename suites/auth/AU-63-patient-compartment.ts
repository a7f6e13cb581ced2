import { expect, skip, type Check } from '../check.js'
import { parseBody } from '../expect.js'
import { appGrant } from './app-launch.js'

const SPEC = 'https://hl7.org/fhir/smart-app-launch/STU2.1/app-launch.html#step-6-fhir-api'
const FHIR_JSON = { accept: 'application/fhir+json' }

type Page = { entry?: Array<{ resource?: { resourceType?: string; id?: string } }> }

export const check: Check = {
  id: 'AU-63',
  title: "A token with a patient in context reaches that patient's compartment and no other patient",
  description: `The run's app client gets \`launch/patient patient/*.rs\` through the authorization-code flow; the token response names the patient in context. With that token the patient reads (HTTP 200), but another patient, created for the check with the run's own credentials (and removed after the run), does not — not by read, and not by a search for it by \`_id\`, which is refused or finds nothing. The resource server SHALL ensure the token's scope covers the request, and \`patient/\` scopes cover the patient in context ([SMART App Launch, Access FHIR API](${SPEC}); [Scopes and launch context](https://hl7.org/fhir/smart-app-launch/STU2.1/scopes-and-launch-context.html#patient-specific-scopes)).`,
  verifies: ['SMART-AL-3'],
  level: 'SHALL',
  needs: [{ endpoint: 'authorization_endpoint' }, { interaction: 'read', type: 'Patient' }, { interaction: 'create', type: 'Patient' }],
  writes: true,
  async run(ctx) {
    const grant = await appGrant(ctx)
    if (grant.token.response?.status !== 200) skip('the approved code was not exchanged for a token (AU-05)')
    const issued = grant.token.json() as Record<string, unknown>
    const patient = issued.patient
    if (typeof patient !== 'string' || typeof issued.access_token !== 'string') skip('the token response names no patient in context (launch/patient was not granted a patient)')
    const exists = await ctx.exchange('context-patient-exists', 'GET', `Patient/${patient}`, FHIR_JSON)
    if (exists.response?.status === 404 || exists.response?.status === 410)
      skip(`the patient in context, Patient/${patient}, is not at the target (the app client's launch context names none it holds)`)
    // Another patient, written for the check with the run's own credentials (removed after the run).
    const made = await ctx.exchange(
      'other-patient',
      'POST',
      'Patient',
      { ...FHIR_JSON, 'content-type': 'application/fhir+json' },
      { body: JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Shoreline-other' }] }) },
    )
    // Its id from Location (a server may answer with no body).
    const other = made.response?.status === 201 ? /Patient\/([^/?]+)/.exec(made.response.headers.location ?? made.response.headers['content-location'] ?? '')?.[1] : undefined
    if (typeof other !== 'string') skip(`could not create another Patient to try the token on (HTTP ${made.response?.status ?? made.error})`)
    ctx.created.add(`Patient/${other}`)
    const bearer = { ...FHIR_JSON, authorization: `Bearer ${issued.access_token}` }
    const own = await ctx.exchange('app-read-own-patient', 'GET', `Patient/${patient}`, bearer, { noAuth: true })
    expect(own.response?.status === 200, `expected the token to read its patient in context, Patient/${patient}, got ${own.response?.status ?? own.error}`)
    const read = await ctx.exchange('app-read-other-patient', 'GET', `Patient/${other}`, bearer, { noAuth: true })
    expect(read.response?.status !== 200, `expected a token for Patient/${patient} refused Patient/${other}, got HTTP 200: it reaches outside the patient's compartment`)
    const search = await ctx.exchange('app-search-other-patient', 'GET', `Patient?_id=${encodeURIComponent(other)}`, bearer, { noAuth: true })
    if (search.response?.status !== 200) return
    const found = (parseBody<Page>(search.response.body).entry ?? []).filter((e) => e.resource?.resourceType === 'Patient' && e.resource.id === other)
    expect(found.length === 0, `expected a search for Patient/${other} with a token for Patient/${patient} refused or empty, got it: it reaches outside the patient's compartment`)
  },
}
