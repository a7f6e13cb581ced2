// The one discovery exchange every SD check reads (made by whichever runs first).
import type { CheckContext } from '../context.js'

export const SPEC = 'https://hl7.org/fhir/smart-app-launch/STU2.1/conformance.html'

export function discovery(ctx: CheckContext) {
  // Discovery is public: no credentials (fetching a token would need this very document).
  return ctx.exchange('smart-configuration', 'GET', '.well-known/smart-configuration', { accept: 'application/json' }, { noAuth: true })
}

export async function discoveryJson(ctx: CheckContext): Promise<Record<string, unknown>> {
  return (await discovery(ctx)).json()
}
