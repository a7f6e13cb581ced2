// Build step: writes ajv standalone code for the resource types our datasets hold, so a
// validating process loads them instead of compiling the HL7 schema (2–6 s per thread).
// Run by scripts/build.mjs as `node dist/precompile.js dist/fhir-validators.cjs`.
import { writeFileSync } from 'node:fs'
import standaloneCode from 'ajv/dist/standalone/index.js'
import { schemaInstance } from './schema.js'
import { PRECOMPILED_TYPES } from './precompiled-types.js'

const out = process.argv[2]
if (!out) throw new Error('usage: precompile.js OUT.cjs')
const ajv = schemaInstance(true)
const refs = Object.fromEntries(PRECOMPILED_TYPES.map((t) => [t, `fhir#/definitions/${t}`]))
const code = (standaloneCode as unknown as (a: typeof ajv, r: Record<string, string>) => string)(ajv, refs)
// ASCII only: V8 keeps a script's source for its lifetime, and one character past Latin-1 makes
// it a two-byte string, twice the memory in every thread that loads it.
writeFileSync(
  out,
  code.replace(/[^\x00-\x7f]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')),
)
