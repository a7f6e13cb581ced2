// The healthlake-lambda checks in run order: a check that makes an exchange comes before the checks that
// only read it (STYLE.md 2). The registry (suites/registry.ts) composes the areas.
import type { Check } from '../check.js'
import { check as HL05 } from './HL-05-event-contract.js'
import { check as HL06 } from './HL-06-required-claims.js'
import { check as HL07 } from './HL-07-time-limit.js'
import { check as HL08 } from './HL-08-expired.js'
import { check as HL40 } from './HL-40-not-yet-valid.js'
import { check as HL41 } from './HL-41-other-audience.js'
import { check as HL42 } from './HL-42-foreign-signature.js'
import { check as HL43 } from './HL-43-malformed-token.js'
import { check as HL44 } from './HL-44-incomplete-event.js'
import { check as HL45 } from './HL-45-scope-passthrough.js'
import { check as HL46 } from './HL-46-fhir-api-enforcement.js'
import { check as HL04 } from './HL-04-fine-grained.js'

export const checks: readonly Check[] = [HL05, HL06, HL07, HL08, HL40, HL41, HL42, HL43, HL44, HL45, HL46, HL04]
