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

export type Interaction = 'read' | 'search-type' | 'create' | 'update' | 'delete' | 'vread' | 'history-instance' | 'patch'

/**
 * The resource types whose CapabilityStatement entry declares `interaction`, Patient first. When
 * the target publishes no readable CapabilityStatement nothing is known, and `fallback` is assumed.
 */
export async function typesClaiming(ctx: CheckContext, interaction: Interaction, fallback: string[] = ['Patient']): Promise<string[]> {
  const ex = await metadata(ctx)
  let resources: Array<{ type?: unknown; interaction?: Array<{ code?: unknown }> }> | undefined
  try {
    resources = ex.response?.status === 200 ? ex.json().rest?.[0]?.resource : undefined
  } catch {
    resources = undefined
  }
  if (!Array.isArray(resources)) return fallback
  const types = resources.filter((r) => (r.interaction ?? []).some((i) => i.code === interaction)).flatMap((r) => (typeof r.type === 'string' ? [r.type] : []))
  return [...types.filter((t) => t === 'Patient'), ...types.filter((t) => t !== 'Patient')]
}

/**
 * A protected request the target claims to serve, for checks about access in general: a type
 * search where one is declared, else a read (of an id that need not exist: access is decided first).
 */
export async function claimedRequest(ctx: CheckContext): Promise<{ path: string; what: string } | undefined> {
  const [searchable] = await typesClaiming(ctx, 'search-type')
  if (searchable) return { path: `${searchable}?_count=1`, what: `a search of ${searchable}` }
  const [readable] = await typesClaiming(ctx, 'read')
  if (readable) return { path: `${readable}/shoreline-access-probe`, what: `a read of ${readable}` }
  return undefined
}
