// The bulk-export checks in run order: a check that makes an exchange comes before the checks that
// only read it (STYLE.md 2). The registry (suites/registry.ts) composes the areas.
import type { Check } from '../check.js'
import { check as BE01 } from './BE-01-kickoff.js'
import { check as BE14 } from './BE-14-complete-manifest.js'
import { check as BE16 } from './BE-16-output-items.js'
import { check as BE17 } from './BE-17-ndjson-files.js'
import { check as BE18 } from './BE-18-access-token-required.js'
import { check as BE09 } from './BE-09-type-filter.js'
import { check as BE08 } from './BE-08-since.js'
import { check as BE10 } from './BE-10-type-filter-param.js'
import { check as BE11 } from './BE-11-elements-param.js'
import { check as BE21 } from './BE-21-cancel.js'
import { check as BE02 } from './BE-02-post-kickoff.js'
import { check as BE06 } from './BE-06-output-formats.js'
import { check as BE07 } from './BE-07-bad-output-formats.js'
import { check as BE12 } from './BE-12-failed-kickoff.js'
import { check as BE13 } from './BE-13-in-progress-status.js'
import { check as BE15 } from './BE-15-manifest-fields.js'
import { check as BE22 } from './BE-22-deleted-files.js'
import { check as BE23 } from './BE-23-refusal-outcome.js'

export const checks: readonly Check[] = [BE01, BE14, BE16, BE17, BE18, BE09, BE08, BE10, BE11, BE21, BE02, BE06, BE07, BE12, BE13, BE15, BE22, BE23]
