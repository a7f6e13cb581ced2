import { expect, skip, type Check } from '../check.js'
import type { CheckContext } from '../context.js'
import { parseBodyIfJson } from '../expect.js'
import { describeDataStore } from '../healthlake/shared.js'
import { FHIR_JSON } from '../transactions/shared.js'
import { lambdaThroughFhirApi, token } from './shared.js'

const FGA = 'https://docs.aws.amazon.com/healthlake/latest/devguide/reference-smart-on-fhir-fine-grained-authorization.html'
const SCOPES = 'https://docs.aws.amazon.com/healthlake/latest/devguide/reference-smart-on-fhir-oauth-scopes.html'
/** v1 scopes: both SMART_ON_FHIR_V1 and SMART_ON_FHIR data stores take them. */
const USER_SCOPE = 'user/Patient.read user/Observation.read'

export const check: Check = {
  id: 'HL-04',
  title: "Fine-grained authorization: user/ scopes reach only the patients the token's fhirUser may see",
  description: `Where DescribeFHIRDatastore says \`FineGrainedAuthorizationEnabled\`, a token with \`user/\` scopes reaches only the patients its \`fhirUser\` may see ([HealthLake, fine-grained authorization](${FGA}); scope grammar: [SMART scopes in HealthLake](${SCOPES}), whose system and patient forms the auth suite checks). The check writes a Practitioner, a Patient naming it in \`generalPractitioner\`, a Patient naming that one in \`link.other\`, a Patient naming neither, and an Observation of each of the first and last; then, with tokens signed by the identity provider (\`--lambda-key\`, as HL-46) carrying \`${USER_SCOPE}\` and a \`fhirUser\`: as the Practitioner it must read its patient and that patient's Observation, and not the other patient or theirs; as the first Patient it must read itself and the Patient linking to it, and not the other. Refused means any answer but 200 (403 and 404 both keep the data back). Without fine-grained authorization, or a validator that trusts the key, it skips.`,
  verifies: ['HL-FGA-1'],
  level: 'SHALL',
  needs: [{ authorization: 'smart' }],
  writes: true,
  async run(ctx) {
    const l = lambdaThroughFhirApi(ctx)
    const read = async (name: string, bearer: string, path: string) => {
      const ex = await ctx.exchange(name, 'GET', path, { accept: 'application/fhir+json', authorization: `Bearer ${bearer}` }, { noAuth: true })
      return ex.response?.status ?? ex.error
    }
    const system = await read('hl04-trust', await token(l), 'Patient?_count=1')
    if (system !== 200) skip(`the target's FHIR API does not take a valid token of ${l.issuer} (HTTP ${system}): its validator does not trust --lambda-key`)
    const ds = await describeDataStore(ctx)
    if (ds.IdentityProviderConfiguration?.FineGrainedAuthorizationEnabled !== true) skip('DescribeFHIRDatastore does not say `FineGrainedAuthorizationEnabled`')
    const base = ctx.client.base
    const practitioner = await create(ctx, 'hl04-practitioner', { resourceType: 'Practitioner', name: [{ family: 'Finegrained' }] })
    const own = await create(ctx, 'hl04-own-patient', {
      resourceType: 'Patient',
      name: [{ family: 'Finegrained' }],
      generalPractitioner: [{ reference: `Practitioner/${practitioner}` }],
    })
    const linked = await create(ctx, 'hl04-linked-patient', {
      resourceType: 'Patient',
      name: [{ family: 'Finegrained' }],
      link: [{ other: { reference: `Patient/${own}` }, type: 'seealso' }],
    })
    const other = await create(ctx, 'hl04-other-patient', { resourceType: 'Patient', name: [{ family: 'Finegrained' }] })
    const observation = (patient: string) => ({
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'fine-grained authorization' },
      subject: { reference: `Patient/${patient}` },
    })
    const ownObs = await create(ctx, 'hl04-own-observation', observation(own))
    const otherObs = await create(ctx, 'hl04-other-observation', observation(other))
    const doctor = await token(l, { scope: USER_SCOPE, fhirUser: `${base}Practitioner/${practitioner}` })
    const got = (status: unknown) => `got ${typeof status === 'number' ? `HTTP ${status}` : status}`
    let s = await read('hl04-doctor-own', doctor, `Patient/${own}`)
    expect(s === 200, `with fhirUser Practitioner/${practitioner} and ${USER_SCOPE}, expected to read Patient/${own}, whose generalPractitioner names it, ${got(s)}`)
    s = await read('hl04-doctor-own-observation', doctor, `Observation/${ownObs}`)
    expect(s === 200, `with fhirUser Practitioner/${practitioner}, expected to read Observation/${ownObs} of its patient, ${got(s)}`)
    s = await read('hl04-doctor-other', doctor, `Patient/${other}`)
    expect(
      s !== 200,
      `with fhirUser Practitioner/${practitioner}, read Patient/${other}, whose generalPractitioner does not name it (expected a refusal; does the token validator pass \`fhirUser\` on in its authPayload?)`,
    )
    s = await read('hl04-doctor-other-observation', doctor, `Observation/${otherObs}`)
    expect(
      s !== 200,
      `with fhirUser Practitioner/${practitioner}, read Observation/${otherObs} of Patient/${other}, whose generalPractitioner does not name it (expected a refusal)`,
    )
    const patient = await token(l, { scope: USER_SCOPE, fhirUser: `${base}Patient/${own}` })
    s = await read('hl04-patient-self', patient, `Patient/${own}`)
    expect(s === 200, `with fhirUser Patient/${own}, expected to read its own Patient record, ${got(s)}`)
    s = await read('hl04-patient-linked', patient, `Patient/${linked}`)
    expect(s === 200, `with fhirUser Patient/${own}, expected to read Patient/${linked}, whose link.other names it, ${got(s)}`)
    s = await read('hl04-patient-other', patient, `Patient/${other}`)
    expect(s !== 200, `with fhirUser Patient/${own}, read Patient/${other}, whose link.other does not name it (expected a refusal)`)
  },
}

/** A resource the check needs, written with the run's client and tag (removed after the run). */
async function create(ctx: CheckContext, name: string, body: Record<string, unknown>): Promise<string> {
  const type = body.resourceType as string
  const ex = await ctx.exchange(name, 'POST', type, FHIR_JSON, { body: JSON.stringify(ctx.tagged(body)) })
  const status = ex.response?.status
  const id = parseBodyIfJson<{ id?: unknown }>(ex.response?.body)?.id ?? new RegExp(`${type}/([^/]+)`).exec(ex.response?.headers.location ?? '')?.[1]
  if (!status || status >= 300 || typeof id !== 'string') skip(`the ${type} the check needs could not be created (HTTP ${status ?? ex.error})`)
  ctx.created.add(`${type}/${id}`)
  return id
}
