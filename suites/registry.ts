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
import { check as AU08 } from './auth/AU-08-no-store.js'
import { check as AU14 } from './auth/AU-14-introspect-inactive.js'
import { check as AU18 } from './auth/AU-18-revoked-token.js'
import { check as AU19 } from './auth/AU-19-no-token.js'
import { check as AU21 } from './auth/AU-21-bad-token.js'
import { check as AU22 } from './auth/AU-22-limited-scope.js'
import { check as AU25 } from './auth/AU-25-backend-token.js'
import { check as AU26 } from './auth/AU-26-token-response.js'
import { check as AU27 } from './auth/AU-27-bad-grant-type.js'
import { check as AU29 } from './auth/AU-29-unregistered-iss.js'
import { check as AU33 } from './auth/AU-33-wrong-aud.js'
import { check as AU35 } from './auth/AU-35-unknown-key.js'
import { check as AU36 } from './auth/AU-36-foreign-jku.js'
import { check as AU40 } from './auth/AU-40-empty-scope.js'
import { check as AU50 } from './auth/AU-50-expired-assertion.js'
import { check as AU51 } from './auth/AU-51-alg-none.js'
import { check as AU52 } from './auth/AU-52-hs256-public-key.js'
import { check as AU53 } from './auth/AU-53-replayed-jti.js'
import { check as AU54 } from './auth/AU-54-iss-not-sub.js'
import { check as AU55 } from './auth/AU-55-kid-path.js'
import { check as AU56 } from './auth/AU-56-oversized.js'
import { check as AU57 } from './auth/AU-57-no-exp.js'
import { check as AU58 } from './auth/AU-58-long-exp.js'
import { check as AU59 } from './auth/AU-59-nbf-future.js'
import { check as AU60 } from './auth/AU-60-stripped-signature.js'
import { check as AU61 } from './auth/AU-61-alg-key-mismatch.js'
import { check as AU62 } from './auth/AU-62-unknown-kid.js'
import { check as BE01 } from './bulk-export/BE-01-kickoff.js'
import { check as BE04 } from './bulk-export/BE-04-prefer-required.js'
import { check as BE08 } from './bulk-export/BE-08-since.js'
import { check as BE09 } from './bulk-export/BE-09-type-filter.js'
import { check as BE14 } from './bulk-export/BE-14-complete-manifest.js'
import { check as BE16 } from './bulk-export/BE-16-output-items.js'
import { check as BE17 } from './bulk-export/BE-17-ndjson-files.js'
import { check as BE18 } from './bulk-export/BE-18-access-token-required.js'
import { check as BE21 } from './bulk-export/BE-21-cancel.js'

export const SUITES: Record<string, readonly Check[]> = {
  'smart-discovery': [SD01, SD02, SD04, SD05, SD06, SD07, SD09, SD11, SD12, SD13, SD17],
  auth: [AU25, AU26, AU08, AU27, AU40, AU29, AU33, AU35, AU36, AU50, AU51, AU52, AU53, AU54, AU55, AU56, AU57, AU58, AU59, AU60, AU61, AU62, AU19, AU21, AU22, AU14, AU18],
  'bulk-export': [BE01, BE04, BE14, BE16, BE17, BE18, BE09, BE08, BE21],
  capability: [CS01, CS02, CS03, CS05, CS07, CS08, CS09],
}

export function allChecks(): Array<Check & { suite: string }> {
  return Object.entries(SUITES).flatMap(([suite, checks]) => checks.map((c) => ({ ...c, suite })))
}
