// US Core 6.1.0 as Shoreline uses it at run time (vendored from the IG by scripts/vendor-us-core.mjs;
// CC0-1.0): the US Core Server CapabilityStatement as a table — what a server SHALL, SHOULD or MAY
// support per resource type — and each profile's top-level must-support and required elements.
import capability from './capability.json' with { type: 'json' }
import profiles from './profiles.json' with { type: 'json' }

export type Expectation = 'SHALL' | 'SHOULD' | 'MAY' | 'SHOULD-NOT'

export interface UsCoreResource {
  type: string
  expectation?: string
  profiles: string[]
  interactions: Record<string, string | undefined>
  /** Each parameter, with its expectation and that of a comma list of values (`multipleOr`, from its US Core SearchParameter). */
  searchParams: Array<{ name: string; type: string; expectation?: string; multipleOr?: string }>
  combinations: Array<{ params: string[]; expectation?: string }>
  searchInclude: string[]
  searchRevInclude: string[]
}

export interface UsCoreProfile {
  type: string
  name: string
  /** Top-level elements the profile marks must-support (`value[x]` for a choice). */
  mustSupport: string[]
  /** Top-level elements the profile requires (min ≥ 1). */
  required: string[]
}

export const US_CORE_VERSION: string = capability.version
export const US_CORE_SERVER: string = capability.url
export const US_CORE_RESOURCES: readonly UsCoreResource[] = capability.resources as UsCoreResource[]
export const US_CORE_PROFILES: Readonly<Record<string, UsCoreProfile>> = profiles.profiles

/** A search US Core names for a type: one parameter or a combination, with its expectation. */
export interface UsCoreSearch {
  type: string
  params: string[]
  expectation: Expectation
}

/** Every search parameter and combination the server CapabilityStatement gives an expectation to. */
export function usCoreSearches(): UsCoreSearch[] {
  return US_CORE_RESOURCES.flatMap((r) => [
    ...r.searchParams.filter((p) => p.expectation).map((p) => ({ type: r.type, params: [p.name], expectation: p.expectation as Expectation })),
    ...r.combinations.filter((c) => c.expectation).map((c) => ({ type: r.type, params: c.params, expectation: c.expectation as Expectation })),
  ])
}

/**
 * What US Core expects of a server given a comma list of values for a type's parameter (each
 * SearchParameter's multipleOr): SHALL for a few status-like parameters, MAY for most, including
 * `patient` and `_id`. Undefined where US Core names no such parameter for the type.
 */
export function multipleOrExpectation(type: string, param: string): Expectation | undefined {
  const name = param.split(':')[0]
  return US_CORE_RESOURCES.find((r) => r.type === type)?.searchParams.find((p) => p.name === name)?.multipleOr as Expectation | undefined
}

/** The JSON keys a top-level element name stands for (`value[x]` → valueQuantity, valueString, …). */
export function elementKeys(resource: Record<string, unknown>, element: string): string[] {
  if (!element.endsWith('[x]')) return element in resource ? [element] : []
  const stem = element.slice(0, -3)
  return Object.keys(resource).filter((k) => k.startsWith(stem) && /^[A-Z]/.test(k.slice(stem.length)))
}
