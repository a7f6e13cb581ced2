// ajv on first use: the modules that may compile a schema (config files, results, the server's
// client registrations) load it only when they compile, not whenever they load; most CLI runs
// never compile, and ajv with its dependencies is about 250 KB of modules to compile at start.
import { createRequire } from 'node:module'
import type { Ajv, Options } from 'ajv'

const require = createRequire(import.meta.url)

export function newAjv(options: Options): Ajv {
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv')
  return new AjvClass(options)
}
