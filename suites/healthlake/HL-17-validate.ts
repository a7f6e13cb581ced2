import { expect, shown, type Check } from '../check.js'
import { parseBody, parseBodyIfJson } from '../expect.js'
import type { CheckContext } from '../context.js'
import { FHIR_JSON } from '../transactions/shared.js'
import { GUIDE } from './shared.js'

const R4 = 'https://hl7.org/fhir/R4/resource-operations.html#validate'
const US_CORE_PATIENT = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'

type Issue = { severity?: unknown; diagnostics?: unknown; details?: { text?: unknown } }

/** What a `$validate` answer says: judged (an OperationOutcome), and with which errors. */
async function judge(ctx: CheckContext, name: string, path: string, body: unknown): Promise<{ status?: number; errors: string[]; outcome: boolean; got: string }> {
  const ex = await ctx.exchange(name, 'POST', path, FHIR_JSON, { body: JSON.stringify(body) })
  const status = ex.response?.status
  const parsed = parseBodyIfJson<{ resourceType?: unknown; issue?: Issue[] }>(ex.response?.body)
  const issues = parsed?.resourceType === 'OperationOutcome' && Array.isArray(parsed.issue) ? parsed.issue : undefined
  const outcome = issues !== undefined
  const errors = (issues ?? []).filter((i) => i?.severity === 'error' || i?.severity === 'fatal').map((i) => String(i.diagnostics ?? i.details?.text ?? 'an error'))
  return {
    ...(status === undefined ? {} : { status }),
    errors,
    outcome,
    got: status === undefined ? String(ex.error) : `HTTP ${status}${outcome ? '' : ' without an OperationOutcome'}`,
  }
}

export const check: Check = {
  id: 'HL-17',
  title: '$validate judges a resource without storing it: a valid Patient passes, a malformed one and one short of a nominated profile do not',
  description: `Where the CapabilityStatement declares the \`validate\` operation on Patient ([R4 $validate](${R4}); HealthLake: [Validating FHIR resources with $validate](${GUIDE}/reference-fhir-operations-validate.html), "without performing any storage operations"), four requests go to \`Patient/$validate\`: a valid Patient (name, gender, birth date, an identifier unique to the run) sent as the resource itself must be answered with an OperationOutcome listing no error; a Patient whose \`birthDate\` is no date and whose \`active\` is a string, in a Parameters body, must be answered with an error (with 200 as R4 says, or with a 4xx carrying the OperationOutcome, as some servers answer); a Patient without an identifier, with \`profile=${US_CORE_PATIENT}\`, must be answered with an error: US Core requires an identifier, and R4 says a server that cannot validate against a nominated profile SHALL return an error. Then a search for the run's identifier must find nothing: the operation stores nothing. A search that is refused leaves that part unjudged.`,
  verifies: ['HL-VALIDATE-1', 'FHIR-VALIDATE-1'],
  level: 'SHALL',
  needs: [{ operation: 'validate', type: 'Patient' }],
  writes: true,
  async run(ctx) {
    const system = 'https://shoreline.invalid/hl-17'
    const value = crypto.randomUUID()
    const identifier = [{ system, value }]
    const valid = { resourceType: 'Patient', identifier, name: [{ family: 'Shoreline', given: ['Valid'] }], gender: 'female', birthDate: '1980-04-02' }
    const ok = await judge(ctx, 'hl17-valid', 'Patient/$validate', valid)
    expect(ok.outcome, `expected $validate of a valid Patient to answer an OperationOutcome, got ${ok.got}`)
    expect(ok.errors.length === 0, `$validate judged a valid Patient invalid (${ok.got}): ${ok.errors.slice(0, 3).join('; ')}`)
    const malformed = { resourceType: 'Patient', identifier, active: 'yes', birthDate: 'the fourth of April' }
    const bad = await judge(ctx, 'hl17-malformed', 'Patient/$validate', { resourceType: 'Parameters', parameter: [{ name: 'resource', resource: malformed }] })
    expect(bad.status === undefined || bad.status < 500, `expected $validate of a malformed Patient to be judged, got ${bad.got}`)
    expect(bad.errors.length > 0, `$validate judged a Patient with a malformed birthDate and a non-boolean \`active\` valid (${bad.got}, no error issue)`)
    const unprofiled = { resourceType: 'Patient', name: [{ family: 'Shoreline', given: ['Unidentified'] }], gender: 'male' }
    const short = await judge(ctx, 'hl17-profile', `Patient/$validate?profile=${encodeURIComponent(US_CORE_PATIENT)}`, unprofiled)
    expect(short.status === undefined || short.status < 500, `expected $validate with a nominated profile to be judged, got ${short.got}`)
    expect(
      short.errors.length > 0 || (short.status !== undefined && short.status >= 400),
      `$validate with profile=${US_CORE_PATIENT} judged a Patient without an identifier valid (${short.got}, no error issue): neither the profile's rule nor an error for a profile it cannot apply`,
    )
    // Nothing was stored: the run's identifier finds no Patient (a stored one is cleaned up like any write).
    const search = await ctx.exchange('hl17-stored', 'GET', `Patient?identifier=${encodeURIComponent(`${system}|${value}`)}`)
    if (search.response?.status !== 200) return
    const found = ((parseBody(search.response.body) as { entry?: Array<{ resource?: { id?: unknown } }> }).entry ?? [])
      .map((e) => e.resource?.id)
      .filter((id) => typeof id === 'string')
    for (const id of found) ctx.created.add(`Patient/${id as string}`)
    expect(found.length === 0, `$validate stored the resource it was asked to judge: Patient?identifier=${system}|${value} finds ${shown(found)}`)
  },
}
