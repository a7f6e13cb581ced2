// The one CapabilityStatement exchange every CS check reads.
import type { CheckContext } from '../context.js'
import type { ParsedJson } from '../expect.js'

export const SPEC = 'https://hl7.org/fhir/R4/capabilitystatement.html'
/** SMART's extension on rest.security naming the OAuth endpoints. */
export const OAUTH_URIS = 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris'

export function metadata(ctx: CheckContext) {
  // The capabilities interaction is public on SMART servers; asked without credentials.
  return ctx.exchange('metadata', 'GET', 'metadata', { accept: 'application/fhir+json' }, { noAuth: true })
}

export async function capability(ctx: CheckContext): Promise<ParsedJson> {
  return (await metadata(ctx)).json()
}
