// Every check, by suite: each area's index.ts exports its checks in run order, and this table
// composes the areas (STYLE.md 14).
import { existsSync, readdirSync } from 'node:fs'
import { familyOf, type Check } from './check.js'
import type { Need } from './needs.js'
import { checks as smartDiscovery } from './smart-discovery/index.js'
import { checks as auth } from './auth/index.js'
import { checks as bulkExport } from './bulk-export/index.js'
import { checks as transactions } from './transactions/index.js'
import { checks as search } from './search/index.js'
import { checks as bulkImport } from './import/index.js'
import { checks as capability } from './capability/index.js'
import { checks as healthlakeLambda } from './healthlake-lambda/index.js'
import { checks as healthlake } from './healthlake/index.js'
import { checks as nlp } from './nlp/index.js'
import { checks as interop } from './interop/index.js'
import { checks as usCore } from './us-core/index.js'

export const SUITES: Readonly<Record<string, readonly Check[]>> = {
  'smart-discovery': smartDiscovery,
  auth,
  'bulk-export': bulkExport,
  transactions,
  search,
  import: bulkImport,
  capability,
  'healthlake-lambda': healthlakeLambda,
  healthlake,
  nlp,
  interop,
  'us-core': usCore,
}

/** What every check of a suite needs (suites/needs.ts): the SMART suites apply only where the target does SMART. */
const SUITE_NEEDS: Readonly<Record<string, readonly Need[]>> = {
  'smart-discovery': [{ authorization: 'smart' }],
  auth: [{ authorization: 'smart' }],
}

export function allChecks(): Array<Check & { suite: string }> {
  return Object.entries(SUITES).flatMap(([suite, checks]) =>
    checks.map((c) => ({ ...c, suite, ...(SUITE_NEEDS[suite] ? { needs: [...(SUITE_NEEDS[suite] ?? []), ...(c.needs ?? [])] } : {}) })),
  )
}

/** The suites/ folder, from the sources or from the bundle in dist/. */
function suitesFolder(): URL | undefined {
  return [new URL('./', import.meta.url), new URL('../suites/', import.meta.url)].find((u) => existsSync(new URL('registry.ts', u)))
}

/** Each suite folder's file names, read once (a listing asks for every check's file). */
const folders = new Map<string, string[]>()

/** Where a check lives, `suites/<suite>/<ID>-<slug>.ts` (its family's file), for `conform --list`, if the sources are at hand. */
export function checkFile(suite: string, id: string): string | undefined {
  const root = suitesFolder()
  if (!root) return undefined
  const dir = new URL(`${suite}/`, root)
  if (!folders.has(dir.href)) folders.set(dir.href, existsSync(dir) ? readdirSync(dir) : [])
  const name = folders.get(dir.href)!.find((f) => f.startsWith(`${familyOf(id)}-`) && f.endsWith('.ts'))
  return name ? `suites/${suite}/${name}` : undefined
}
