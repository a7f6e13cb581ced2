import { expect, shown, skip, type Check } from '../check.js'
import { resourceTypes } from '../../lib/validation/element-walk.js'
import { appGrant } from './app-launch.js'

const SPEC = 'https://hl7.org/fhir/smart-app-launch/STU2.1/scopes-and-launch-context.html#fhircontext'
/** A relative reference: `Type/id`, optionally `/_history/vid`. */
const RELATIVE = /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}(\/_history\/[A-Za-z0-9\-.]{1,64})?$/

/** What is wrong with one fhirContext item, or nothing. */
function problems(item: unknown): string[] {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return [`${shown(item)} is not an object`]
  const { reference, canonical, identifier, type, role } = item as Record<string, unknown>
  const out: string[] = []
  if (reference === undefined && canonical === undefined && identifier === undefined) out.push(`${shown(item)} has none of reference, canonical or identifier`)
  if (reference !== undefined && (typeof reference !== 'string' || !RELATIVE.test(reference))) out.push(`reference ${shown(reference)} is not a relative reference (Type/id)`)
  if (canonical !== undefined && typeof canonical !== 'string') out.push(`canonical ${shown(canonical)} is not a string`)
  if (identifier !== undefined && (!identifier || typeof identifier !== 'object')) out.push(`identifier ${shown(identifier)} is not an object`)
  if (type !== undefined && !resourceTypes().has(String(type))) out.push(`type ${shown(type)} is not a FHIR resource type`)
  if (role !== undefined && (typeof role !== 'string' || role === '')) out.push(`role ${shown(role)} is not a non-empty string`)
  return out
}

export const check: Check = {
  id: 'AU-07',
  title: "The app's launch context in fhirContext is an array of items naming resources by relative reference",
  description: `Where the app's token response carries \`fhirContext\`, it is an array, and each object in it SHALL have a \`reference\` holding a relative reference to a FHIR resource (SMART 2.2 allows \`canonical\` or \`identifier\` instead, with a \`type\` that is a resource type); a \`role\` SHALL NOT be the empty string ([SMART App Launch, fhirContext](${SPEC})). A token response without \`fhirContext\` skips: a server passes launch context there only when it has some.`,
  verifies: ['SMART-AL-6'],
  level: 'SHALL',
  needs: [{ endpoint: 'authorization_endpoint' }],
  async run(ctx) {
    const grant = await appGrant(ctx)
    if (grant.token.response?.status !== 200) skip('the approved code was not exchanged for a token (AU-05)')
    const context = (grant.token.json() as Record<string, unknown>).fhirContext
    if (context === undefined) skip('the token response carries no fhirContext')
    expect(Array.isArray(context), `expected \`fhirContext\` to be an array, got ${shown(context)}`)
    const wrong = context.flatMap(problems)
    expect(wrong.length === 0, `expected each fhirContext item to name a resource by relative reference, got ${wrong.join('; ')}`)
  },
}
