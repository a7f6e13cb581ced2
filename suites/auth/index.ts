// The auth checks in run order: a check that makes an exchange comes before the checks that
// only read it (STYLE.md 2). The registry (suites/registry.ts) composes the areas.
import type { Check } from '../check.js'
import { check as AU25 } from './AU-25-backend-token.js'
import { check as AU26 } from './AU-26-token-response.js'
import { check as AU08 } from './AU-08-no-store.js'
import { check as AU09 } from './AU-09-token-cors.js'
import { check as AU27 } from './AU-27-bad-grant-type.js'
import { check as AU37 } from './AU-37-error-shape.js'
import { check as AU40 } from './AU-40-empty-scope.js'
import { check as AU29 } from './AU-29-unregistered-iss.js'
import { check as AU33 } from './AU-33-wrong-aud.js'
import { check as AU35 } from './AU-35-unknown-key.js'
import { check as AU36 } from './AU-36-foreign-jku.js'
import { check as AU50 } from './AU-50-expired-assertion.js'
import { check as AU51 } from './AU-51-alg-none.js'
import { check as AU52 } from './AU-52-hs256-public-key.js'
import { check as AU53 } from './AU-53-replayed-jti.js'
import { check as AU54 } from './AU-54-iss-not-sub.js'
import { check as AU55 } from './AU-55-kid-path.js'
import { check as AU57 } from './AU-57-no-exp.js'
import { check as AU58 } from './AU-58-long-exp.js'
import { check as AU59 } from './AU-59-nbf-future.js'
import { check as AU60 } from './AU-60-stripped-signature.js'
import { check as AU61 } from './AU-61-alg-key-mismatch.js'
import { check as AU62 } from './AU-62-unknown-kid.js'
import { check as AU19 } from './AU-19-no-token.js'
import { check as AU21 } from './AU-21-bad-token.js'
import { check as AU22 } from './AU-22-limited-scope.js'
import { check as AU23 } from './AU-23-granular-filter.js'
import { check as AU14 } from './AU-14-introspect-inactive.js'
import { check as AU15 } from './AU-15-plain-pkce.js'
import { check as AU02 } from './AU-02-state-echoed.js'
import { check as AU01 } from './AU-01-post-authorization.js'
import { check as AU05 } from './AU-05-app-token-response.js'
import { check as AU07 } from './AU-07-fhir-context.js'
import { check as AU11 } from './AU-11-refresh.js'
import { check as AU12 } from './AU-12-refresh-narrower.js'
import { check as AU17 } from './AU-17-wrong-aud.js'
import { check as AU16 } from './AU-16-bad-code.js'
import { check as AU04 } from './AU-04-confidential-exchange.js'
import { check as AU13 } from './AU-13-introspect-app-token.js'
import { check as AU63 } from './AU-63-patient-compartment.js'
import { check as AU10 } from './AU-10-id-token-claims.js'
import { check as AU68 } from './AU-68-id-token-alg.js'
import { check as AU18 } from './AU-18-revoked-token.js'
import { check as AU20 } from './AU-20-export-no-token.js'
import { check as AU24 } from './AU-24-file-scope.js'
import { check as AU28 } from './AU-28-assertion-type.js'
import { check as AU30 } from './AU-30-missing-parameter.js'
import { check as AU31 } from './AU-31-junk-values.js'
import { check as AU32 } from './AU-32-json-body.js'
import { check as AU34 } from './AU-34-client-id-mismatch.js'
import { check as AU38 } from './AU-38-introspect-active.js'
import { check as AU41 } from './AU-41-non-system-scope.js'
import { check as AU44 } from './AU-44-wildcard-scopes.js'
import { check as AU45 } from './AU-45-unknown-scope-parts.js'
import { check as AU47 } from './AU-47-mixed-scope-versions.js'
import { check as AU64 } from './AU-64-invalid-scope-code.js'
import { check as AU65 } from './AU-65-short-lived.js'
import { check as AU67 } from './AU-67-insufficient-scope-403.js'

export const checks: readonly Check[] = [
  AU25,
  AU26,
  AU65,
  AU08,
  AU09,
  AU27,
  AU37,
  AU40,
  AU64,
  AU29,
  AU33,
  AU35,
  AU36,
  AU50,
  AU51,
  AU52,
  AU53,
  AU54,
  AU55,
  AU57,
  AU58,
  AU59,
  AU60,
  AU61,
  AU62,
  AU19,
  AU21,
  AU22,
  AU67,
  AU23,
  AU14,
  AU15,
  AU02,
  AU01,
  AU05,
  AU16,
  AU04,
  AU07,
  AU11,
  AU12,
  AU17,
  AU13,
  AU63,
  AU10,
  AU68,
  AU18,
  AU20,
  AU24,
  AU28,
  AU30,
  AU31,
  AU32,
  AU34,
  AU38,
  AU41,
  AU44,
  AU45,
  AU47,
]
