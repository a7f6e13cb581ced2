// The healthlake checks in run order: a check that makes an exchange comes before the checks that
// only read it (STYLE.md 2). The registry (suites/registry.ts) composes the areas.
import type { Check } from '../check.js'
import { check as HL03 } from './HL-03-datastore.js'
import { check as HL02 } from './HL-02-smart-metadata.js'
import { check as HL09 } from './HL-09-sigv4.js'
import { check as HL14 } from './HL-14-start-export.js'
import { check as HL12 } from './HL-12-job-states.js'
import { check as HL15 } from './HL-15-export-filters.js'
import { check as HL16 } from './HL-16-fhir-export.js'
import { check as HL17 } from './HL-17-validate.js'
import { check as HL19 } from './HL-19-batch-conditional-put.js'
import { check as HL21 } from './HL-21-idempotency-key.js'
import { check as HL22 } from './HL-22-strong-consistency.js'
import { check as HL29 } from './HL-29-profile-claims.js'
import { check as HL33 } from './HL-33-minimal-marks.js'

export const checks: readonly Check[] = [HL03, HL02, HL09, HL14, HL12, HL16, HL15, HL17, HL19, HL21, HL22, HL29, HL33]
