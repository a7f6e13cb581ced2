// The import checks in run order: a check that makes an exchange comes before the checks that
// only read it (STYLE.md 2). The registry (suites/registry.ts) composes the areas.
import type { Check } from '../check.js'
import { check as IM01 } from './IM-01-nothing-dropped.js'
import { check as HL11 } from './HL-11-counters.js'
import { check as IM05 } from './IM-05-failure-output.js'
import { check as HL10 } from './HL-10-strict-rejects.js'
import { check as HL32 } from './HL-32-structure-only-accepts.js'
import { check as IM03 } from './IM-03-delete-status.js'

export const checks: readonly Check[] = [IM01, HL11, IM05, HL10, HL32, IM03]
