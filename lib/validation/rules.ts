// The rules a validation issue can name. Each invalid-corpus label names the rule it must fail
// for, and HealthLake's validation levels are described in terms of these (invalid/corpus.ts).

export const RULES = {
  /** The line or file is not JSON. */
  json: 'json',
  /** resourceType missing or not an R4 resource type. */
  resourceType: 'resource-type',
  /** id missing, or not [A-Za-z0-9\-.]{1,64}. */
  id: 'id',
  /** A property R4 does not define (HL7 JSON schema additionalProperties). */
  unknownElement: 'unknown-element',
  /** A value of the wrong JSON type (string for number, object for array, …). */
  jsonType: 'json-type',
  /** A primitive that breaks its format: date, dateTime, code, uri … */
  primitiveFormat: 'primitive-format',
  /** A code outside a required value-set binding the schema enumerates. */
  binding: 'binding',
  /** A required element (min ≥ 1) is missing. */
  requiredElement: 'required-element',
  /** More than one value[x] variant present. */
  choice: 'choice',
  /** A Reference given as a bare string. */
  referenceType: 'reference-type',
  /** A reference that resolves to nothing in the dataset or bundle. */
  referenceUnresolved: 'reference-unresolved',
  /** A base R4 invariant (per-1, qty-3, obs-6, ref-1) is broken. */
  invariant: 'invariant',
  /** A code in the UCUM system that is not a valid UCUM unit. */
  ucum: 'ucum',
  /** A declared profile (meta.profile) is violated. */
  profile: 'profile',
  /** Anything else the schema rejects (oneOf, empty object …). */
  structure: 'structure',
} as const

export type Rule = (typeof RULES)[keyof typeof RULES]
