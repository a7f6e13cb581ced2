// The transactions checks in run order: a check that makes an exchange comes before the checks that
// only read it (STYLE.md 2). The registry (suites/registry.ts) composes the areas.
import type { Check } from '../check.js'
import { check as TX03 } from './TX-03-create.js'
import { check as TX01 } from './TX-01-read.js'
import { check as TX32 } from './TX-32-read-etag.js'
import { check as TX05 } from './TX-05-update-version.js'
import { check as TX07 } from './TX-07-if-match.js'
import { check as TX13 } from './TX-13-history.js'
import { check as TX09 } from './TX-09-vread.js'
import { check as TX04 } from './TX-04-conditional-create.js'
import { check as TX06 } from './TX-06-conditional-update.js'
import { check as TX11 } from './TX-11-gone.js'
import { check as TX17 } from './TX-17-urn-uuid.js'
import { check as TX22 } from './TX-22-atomic.js'
import { check as TX12 } from './TX-12-deleted-not-found.js'
import { check as TX29 } from './TX-29-base-needs-bundle.js'
import { check as TX02 } from './TX-02-read-errors.js'
import { check as TX10 } from './TX-10-delete.js'
import { check as TX14 } from './TX-14-history-since.js'
import { check as TX15 } from './TX-15-every-version.js'
import { check as TX16 } from './TX-16-history-order.js'
import { check as TX18 } from './TX-18-transaction-conditional-create.js'
import { check as TX19 } from './TX-19-mixed-transaction.js'
import { check as TX20 } from './TX-20-failing-conditional.js'
import { check as TX21 } from './TX-21-processing-order.js'
import { check as TX23 } from './TX-23-duplicate-entries.js'
import { check as TX24 } from './TX-24-read-only-transaction.js'
import { check as TX25 } from './TX-25-everything-replay.js'
import { check as TX26 } from './TX-26-delete-record.js'
import { check as TX27 } from './TX-27-batch-interdependent.js'
import { check as TX28 } from './TX-28-batch-independent.js'
import { check as TX30 } from './TX-30-content-negotiation.js'
import { check as TX31 } from './TX-31-patch.js'

export const checks: readonly Check[] = [
  TX03,
  TX01,
  TX32,
  TX05,
  TX07,
  TX13,
  TX09,
  TX04,
  TX06,
  TX11,
  TX17,
  TX22,
  TX12,
  TX29,
  TX02,
  TX10,
  TX14,
  TX15,
  TX16,
  TX18,
  TX19,
  TX20,
  TX21,
  TX23,
  TX24,
  TX25,
  TX26,
  TX27,
  TX28,
  TX30,
  TX31,
]
