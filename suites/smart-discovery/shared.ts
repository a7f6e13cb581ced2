// The one discovery exchange every SD check reads (made by whichever runs first).
import type { CheckContext } from '../context.js'

export const SPEC = 'https://hl7.org/fhir/smart-app-launch/STU2.1/conformance.html'

export function discovery(ctx: CheckContext) {
  return ctx.exchange('smart-configuration', 'GET', '.well-known/smart-configuration', { accept: 'application/json' })
}

export async function discoveryJson(ctx: CheckContext): Promise<Record<string, unknown>> {
  return (await discovery(ctx)).json()
}
