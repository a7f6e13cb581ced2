// The capability checks in run order: a check that makes an exchange comes before the checks that
// only read it (STYLE.md 2). The registry (suites/registry.ts) composes the areas.
import type { Check } from '../check.js'
import { check as CS01 } from './CS-01-capability-statement.js'
import { check as CS02 } from './CS-02-fhir-version.js'
import { check as CS03 } from './CS-03-json-format.js'
import { check as CS05 } from './CS-05-instantiates-bulk-data.js'
import { check as CS06 } from './CS-06-us-core-profiles.js'
import { check as CS07 } from './CS-07-smart-security.js'
import { check as CS08 } from './CS-08-oauth-uris-match.js'
import { check as CS09 } from './CS-09-export-operation.js'
import { check as CS10 } from './CS-10-search-params.js'

export const checks: readonly Check[] = [CS01, CS02, CS03, CS05, CS06, CS07, CS08, CS09, CS10]
