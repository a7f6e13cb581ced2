import { expect, skip, type Check } from '../check.js'
import type { CheckContext } from '../context.js'
import { dataStore, GUIDE } from './shared.js'

const US_CORE_PATIENT = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'
const LEVEL = 'x-amzn-healthlake-fhir-validation-level'

/** A strict create: its status, and the Patient it stored (cleaned up after the run). */
async function strictCreate(ctx: CheckContext, name: string, resource: Record<string, unknown>): Promise<{ status?: number; got: string }> {
  const ex = await ctx.exchange(name, 'POST', 'Patient', { 'content-type': 'application/fhir+json', [LEVEL]: 'strict' }, { body: JSON.stringify(ctx.tagged(resource)) })
  const id = /Patient\/([A-Za-z0-9\-.]{1,64})/.exec(ex.response?.headers.location ?? '')?.[1]
  if (id && ex.response && ex.response.status < 300) ctx.created.add(`Patient/${id}`)
  return { ...(ex.response ? { status: ex.response.status } : {}), got: ex.response ? `HTTP ${ex.response.status}` : String(ex.error) }
}

export const check: Check = {
  id: 'HL-29',
  title: 'Strict writes hold a resource to the US Core profile it claims: the default version and a named one',
  description: `HealthLake validates the FHIR profiles a resource declares against the implementation guides it lists, US Core 3.1.1 by default and 4.0.0 to 7.0.0 named by version ([FHIR profile validations](${GUIDE}/reference-fhir-profile-validations.html)); a resource that declares none is held to base R4 only. Created with \`${LEVEL}: strict\`: a Patient that meets \`us-core-patient|6.1.0\` (identifier, name, gender) must be stored; the same Patient without its identifier, which every US Core version requires, must be refused when it claims \`us-core-patient|6.1.0\` and when it claims \`us-core-patient\` unversioned (the default version).`,
  verifies: ['HL-VAL-2'],
  level: 'SHALL',
  needs: [{ interaction: 'create', type: 'Patient' }],
  writes: true,
  async run(ctx) {
    dataStore(ctx)
    const patient = (profile: string, identified: boolean) => ({
      resourceType: 'Patient',
      meta: { profile: [profile] },
      ...(identified ? { identifier: [{ system: 'https://shoreline.invalid/hl-29', value: crypto.randomUUID() }] } : {}),
      name: [{ family: 'Shoreline', given: ['Profiled'] }],
      gender: 'female',
    })
    const ok = await strictCreate(ctx, 'hl29-conformant', patient(`${US_CORE_PATIENT}|6.1.0`, true))
    if (ok.status === undefined) skip(`the strict create did not get an answer: ${ok.got}`)
    expect(ok.status < 300, `expected a strict create of a Patient that meets us-core-patient|6.1.0 (identifier, name, gender) to be stored, got ${ok.got}`)
    for (const [name, profile] of [
      ['hl29-named-version', `${US_CORE_PATIENT}|6.1.0`],
      ['hl29-default-version', US_CORE_PATIENT],
    ] as const) {
      const short = await strictCreate(ctx, name, patient(profile, false))
      expect(
        short.status !== undefined && short.status >= 400 && short.status < 500,
        `a strict create of a Patient claiming ${profile} without the identifier the profile requires was stored (${short.got})`,
      )
    }
  },
}
