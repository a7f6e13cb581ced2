// The search checks in run order: a check that makes an exchange comes before the checks that
// only read it (STYLE.md 2). The registry (suites/registry.ts) composes the areas.
import type { Check } from '../check.js'
import { check as SE05 } from './SE-05-string-prefix.js'
import { check as SE12 } from './SE-12-date-prefixes.js'
import { check as SE09 } from './SE-09-token-system.js'
import { check as SE10 } from './SE-10-token-not.js'
import { check as SE03 } from './SE-03-total.js'
import { check as SE02 } from './SE-02-count-and-next.js'
import { check as SE19 } from './SE-19-paging-complete.js'
import { check as SE20 } from './SE-20-include.js'
import { check as SE21 } from './SE-21-revinclude.js'
import { check as SE22 } from './SE-22-sort-stable.js'
import { check as SE17 } from './SE-17-post-search.js'
import { check as SE18 } from './SE-18-status-required.js'
import { check as SE25 } from './SE-25-strict-handling.js'
import { check as SE01 } from './SE-01-id.js'
import { check as SE04 } from './SE-04-unknown-type.js'
import { check as SE06 } from './SE-06-string-modifiers.js'
import { check as SE07 } from './SE-07-reference-forms.js'
import { check as SE08 } from './SE-08-chains.js'
import { check as SE11 } from './SE-11-missing.js'
import { check as SE13 } from './SE-13-quantity.js'
import { uriCheck as SE14uri, versionCheck as SE14version } from './SE-14-uri.js'
import { check as SE15 } from './SE-15-or-values.js'
import { check as SE16 } from './SE-16-and-params.js'
import { check as SE23 } from './SE-23-summary-elements.js'
import { check as SE24 } from './SE-24-total-accurate.js'
import { check as SE27 } from './SE-27-current-version.js'
import { check as SE28 } from './SE-28-string-case.js'
import { check as SE30 } from './SE-30-ground-truth.js'
import { check as SE31 } from './SE-31-patient-everything.js'

export const checks: readonly Check[] = [
  SE05,
  SE12,
  SE09,
  SE10,
  SE03,
  SE02,
  SE19,
  SE20,
  SE21,
  SE22,
  SE17,
  SE18,
  SE25,
  SE01,
  SE04,
  SE06,
  SE07,
  SE08,
  SE11,
  SE13,
  SE14uri,
  SE14version,
  SE15,
  SE16,
  SE23,
  SE24,
  SE27,
  SE28,
  SE30,
  SE31,
]
