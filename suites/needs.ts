// Applicability: what a check needs the target to claim, and how the runner finds out. A target
// states its claims in two documents — the CapabilityStatement (interactions, conditional
// operations, search parameters, operations) and .well-known/smart-configuration (capabilities,
// endpoints). A check whose need is not claimed skips with the reason instead of failing a server
// for something it never offered. A claim that cannot be read (no document, not JSON) is unknown,
// and an unknown claim does not skip: the check itself then says what it found.
import type { CheckContext } from './context.js'
import { parseBody } from './expect.js'
import { metadata } from './capability/shared.js'
import { discovery } from './smart-discovery/shared.js'
import { describeDataStore } from './healthlake/shared.js'
import { PROFILES, type StoreAge, type TargetProfile } from '../profiles/index.js'

export type Interaction = 'read' | 'search-type' | 'create' | 'update' | 'delete' | 'vread' | 'history-instance' | 'patch'

export type Need =
  /** A type-level or instance interaction on a resource type (CapabilityStatement.rest.resource.interaction). */
  | { interaction: Interaction; type: string }
  /** A whole-system interaction (rest.interaction): transaction, batch, history-system, search-system. */
  | { system: 'transaction' | 'batch' | 'history-system' | 'search-system' }
  /** A conditional interaction or update-as-create on a type (rest.resource flags). */
  | { flag: 'updateCreate' | 'conditionalCreate' | 'conditionalUpdate' | 'conditionalDelete'; type: string }
  /** A search parameter declared for a type (rest.resource.searchParam). */
  | { searchParam: string; type: string }
  /** An operation declared on a type (rest.resource.operation) or system-wide (rest.operation), e.g. Patient everything. */
  | { operation: string; type: string }
  /** A SMART endpoint published in .well-known/smart-configuration. */
  | { endpoint: 'introspection_endpoint' | 'revocation_endpoint' | 'authorization_endpoint' | 'jwks_uri' }
  /** A SMART capability listed in .well-known/smart-configuration (e.g. sso-openid-connect). */
  | { capability: string }
  /**
   * SMART authorization at all ('smart'), or with v2 scopes ('smart-v2'). A HealthLake data store
   * says which in DescribeFHIRDatastore's AuthorizationStrategy: AWS_AUTH has no SMART, and
   * SMART_ON_FHIR_V1 takes only v1 scopes (healthlake profile only; elsewhere assumed).
   */
  | { authorization: 'smart' | 'smart-v2' }
  /** A HealthLake feature older data stores lack (profiles/index.ts storeAge; CreatedAt from DescribeFHIRDatastore). */
  | { storeFeature: StoreAge['feature'] }

interface Claims {
  capability?: CapabilityLike
  smart?: Record<string, unknown>
  /** A HealthLake data store's AuthorizationStrategy, where the control plane answered. */
  strategy?: string
  /** A HealthLake data store's CreatedAt, where the control plane answered. */
  createdAt?: Date
  /** .well-known/smart-configuration answered 200 (whatever its body). */
  wellKnown?: boolean
}

interface CapabilityLike {
  rest?: Array<{
    security?: { service?: Array<{ coding?: Array<{ code?: unknown }> }>; extension?: Array<{ url?: unknown }> }
    interaction?: Array<{ code?: unknown }>
    operation?: Array<{ name?: unknown }>
    resource?: Array<{
      type?: unknown
      interaction?: Array<{ code?: unknown }>
      searchParam?: Array<{ name?: unknown }>
      operation?: Array<{ name?: unknown }>
      updateCreate?: unknown
      conditionalCreate?: unknown
      conditionalUpdate?: unknown
      conditionalDelete?: unknown
    }>
  }>
}

const read = new WeakMap<CheckContext, Promise<Claims>>()

function claimsOf(ctx: CheckContext): Promise<Claims> {
  let p = read.get(ctx)
  if (!p) {
    p = (async () => {
      const out: Claims = {}
      const cs = await metadata(ctx)
      if (cs.response?.status === 200) {
        try {
          const body = parseBody<CapabilityLike & { resourceType?: unknown }>(cs.response.body)
          if (body.resourceType === 'CapabilityStatement') out.capability = body
        } catch {
          // unknown: CS-01 says why
        }
      }
      const wk = await discovery(ctx)
      out.wellKnown = wk.response?.status === 200
      if (wk.response?.status === 200) {
        try {
          const body = parseBody<unknown>(wk.response.body)
          if (body && typeof body === 'object') out.smart = body as Record<string, unknown>
        } catch {
          // unknown: SD-02 says why
        }
      }
      if (ctx.target.profile === 'healthlake') Object.assign(out, await dataStoreClaims(ctx))
      return out
    })()
    read.set(ctx, p)
  }
  return p
}

function claimsSmart(cs: CapabilityLike): boolean {
  return (cs.rest ?? []).some(
    (r) =>
      (r.security?.service ?? []).some((s) => (s.coding ?? []).some((c) => c.code === 'SMART-on-FHIR')) ||
      (r.security?.extension ?? []).some((e) => e.url === 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris'),
  )
}

const codes = (list: Array<{ code?: unknown }> | undefined) => new Set((list ?? []).map((i) => i.code))

/** The data store's AuthorizationStrategy and CreatedAt; nothing when the control plane cannot be asked (no credentials, not a data store URL). */
async function dataStoreClaims(ctx: CheckContext): Promise<Pick<Claims, 'strategy' | 'createdAt'>> {
  try {
    const p = await describeDataStore(ctx)
    return { strategy: p.IdentityProviderConfiguration?.AuthorizationStrategy ?? 'AWS_AUTH', ...(p.CreatedAt ? { createdAt: new Date(p.CreatedAt) } : {}) }
  } catch {
    return {}
  }
}

/** Why the target does not claim `need`, or undefined when it does (or when its claims cannot be read). */
function unclaimed(claims: Claims, need: Need, profile: TargetProfile): string | undefined {
  if ('storeFeature' in need) {
    const age = profile.storeAge?.find((a) => a.feature === need.storeFeature)
    if (!age || !claims.createdAt || claims.createdAt.getTime() >= Date.parse(age.before)) return undefined
    return `the HealthLake data store was created ${claims.createdAt.toISOString().slice(0, 10)}, before ${age.before}: it lacks ${age.lacks} (${age.reference})`
  }
  if ('authorization' in need) {
    if (claims.strategy === 'AWS_AUTH') return "the HealthLake data store's AuthorizationStrategy is AWS_AUTH (SigV4), not SMART on FHIR"
    if (claims.strategy === 'SMART_ON_FHIR_V1' && need.authorization === 'smart-v2')
      return "the HealthLake data store's AuthorizationStrategy is SMART_ON_FHIR_V1, which takes v1 scopes only"
    if (claims.strategy) return undefined
    // Elsewhere the target claims SMART in its CapabilityStatement (rest.security: the SMART-on-FHIR
    // service or the oauth-uris extension) or by serving .well-known/smart-configuration; one that
    // does neither does not use SMART. Where the CapabilityStatement is unknown, SMART is assumed.
    if (!claims.capability || claims.wellKnown || claimsSmart(claims.capability)) return undefined
    return 'the target does not claim SMART on FHIR: its CapabilityStatement names no SMART-on-FHIR security service or oauth-uris, and .well-known/smart-configuration is not served'
  }
  if ('capability' in need) {
    if (!claims.smart) return undefined
    const caps = claims.smart.capabilities
    return Array.isArray(caps) && caps.includes(need.capability) ? undefined : `the SMART configuration does not list the ${need.capability} capability`
  }
  if ('endpoint' in need) {
    if (!claims.smart) return undefined
    return typeof claims.smart[need.endpoint] === 'string' ? undefined : `the SMART configuration names no ${need.endpoint}`
  }
  const rest = claims.capability?.rest?.[0]
  if (!claims.capability || !rest) return undefined
  if ('system' in need) return codes(rest.interaction).has(need.system) ? undefined : `the CapabilityStatement does not declare the ${need.system} interaction`
  const resource = (rest.resource ?? []).find((r) => r.type === need.type)
  if (!resource) return `the CapabilityStatement declares no ${need.type} resource`
  if ('interaction' in need) return codes(resource.interaction).has(need.interaction) ? undefined : `the CapabilityStatement does not declare ${need.interaction} on ${need.type}`
  if ('operation' in need)
    return [...(resource.operation ?? []), ...(rest.operation ?? [])].some((o) => o.name === need.operation)
      ? undefined
      : `the CapabilityStatement declares no ${need.operation} operation on ${need.type}`
  if ('searchParam' in need)
    return (resource.searchParam ?? []).some((p) => p.name === need.searchParam)
      ? undefined
      : `the CapabilityStatement declares no ${need.searchParam} search parameter on ${need.type}`
  const value = resource[need.flag]
  const claimed = need.flag === 'conditionalDelete' ? value === 'single' || value === 'multiple' : value === true
  return claimed ? undefined : `the CapabilityStatement declares ${need.flag} ${JSON.stringify(value ?? 'absent')} on ${need.type}`
}

/** The first of `needs` the target does not claim, as a skip reason; undefined when all are claimed or unknown. */
export async function unmetNeed(ctx: CheckContext, needs: readonly Need[]): Promise<string | undefined> {
  if (needs.length === 0) return undefined
  const claims = await claimsOf(ctx)
  for (const need of needs) {
    const why = unclaimed(claims, need, PROFILES[ctx.target.profile])
    if (why) return `not claimed by the target: ${why}`
  }
  return undefined
}

/**
 * The resource types whose CapabilityStatement entry declares `interaction`, Patient first. When
 * the target publishes no readable CapabilityStatement nothing is known, and `fallback` is assumed.
 */
export async function typesClaiming(ctx: CheckContext, interaction: Interaction, fallback: string[] = ['Patient']): Promise<string[]> {
  const resources = (await claimsOf(ctx)).capability?.rest?.[0]?.resource
  if (!Array.isArray(resources)) return fallback
  const types = resources.filter((r) => codes(r.interaction).has(interaction)).flatMap((r) => (typeof r.type === 'string' ? [r.type] : []))
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
