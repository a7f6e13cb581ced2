// Every check, by suite, registered in one table (STYLE.md 14). Order matters within a suite:
// a check that makes an exchange comes before the checks that only read it.
import type { Check } from './check.js'
import { check as SD01 } from './smart-discovery/SD-01-well-known-200.js'
import { check as SD02 } from './smart-discovery/SD-02-json-content-type.js'
import { check as SD04 } from './smart-discovery/SD-04-stu1-required-fields.js'
import { check as SD05 } from './smart-discovery/SD-05-stu2-required-fields.js'
import { check as SD06 } from './smart-discovery/SD-06-authorization-code.js'
import { check as SD07 } from './smart-discovery/SD-07-pkce-s256-only.js'
import { check as SD09 } from './smart-discovery/SD-09-capabilities-strings.js'
import { check as SD11 } from './smart-discovery/SD-11-token-endpoint-uri.js'
import { check as SD12 } from './smart-discovery/SD-12-recommended-fields.js'
import { check as SD13 } from './smart-discovery/SD-13-asymmetric-client-auth.js'
import { check as SD17 } from './smart-discovery/SD-17-jwks.js'
import { check as CS01 } from './capability/CS-01-capability-statement.js'
import { check as CS02 } from './capability/CS-02-fhir-version.js'
import { check as CS03 } from './capability/CS-03-json-format.js'
import { check as CS05 } from './capability/CS-05-instantiates-bulk-data.js'
import { check as CS07 } from './capability/CS-07-smart-security.js'
import { check as CS08 } from './capability/CS-08-oauth-uris-match.js'
import { check as CS09 } from './capability/CS-09-export-operation.js'

export const SUITES: Record<string, readonly Check[]> = {
  'smart-discovery': [SD01, SD02, SD04, SD05, SD06, SD07, SD09, SD11, SD12, SD13, SD17],
  capability: [CS01, CS02, CS03, CS05, CS07, CS08, CS09],
}

export function allChecks(): Array<Check & { suite: string }> {
  return Object.entries(SUITES).flatMap(([suite, checks]) => checks.map((c) => ({ ...c, suite })))
}
