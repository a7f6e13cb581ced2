// The us-core checks, one family per file instantiated from the US Core 6.1 Server
// CapabilityStatement (lib/us-core) for what the generator's data exercises (covered.ts): US-01
// reads each profile's resources back, US-04 finds them by search, US-02 asks each SHALL and
// SHOULD search parameter and combination its ground truth, and US-03 then validates what the
// others were given against the profiles it claims. Run with --data (the generator's US
// Core-declared dataset, seeded first unless --no-seed).
import type { Check } from '../check.js'
import { US_CORE_PROFILES, US_CORE_RESOURCES, usCoreSearches } from '../../lib/us-core/index.js'
import { ANSWERED_SEARCHES, GENERATED_PROFILES, NOT_VALIDATED, searchKey } from './covered.js'
import { readCheck } from './US-01-read.js'
import { searchCheck } from './US-02-search.js'
import { validCheck } from './US-03-valid.js'
import { searchedCheck } from './US-04-search-must-support.js'

const expected = (e: string | undefined) => e === 'SHALL' || e === 'SHOULD'
/** Profiles of the resource types the server CapabilityStatement expects, that generated resources claim. */
const profiles = US_CORE_RESOURCES.filter((r) => expected(r.expectation))
  .flatMap((r) => r.profiles)
  .filter((url) => US_CORE_PROFILES[url] && GENERATED_PROFILES.has(url.slice(url.lastIndexOf('/') + 1)))
const searches = usCoreSearches().filter((s) => expected(s.expectation) && ANSWERED_SEARCHES.has(searchKey(s.type, s.params)))

export const checks: readonly Check[] = [
  ...profiles.map(readCheck),
  ...profiles.map(searchedCheck),
  ...searches.map(searchCheck),
  ...profiles.filter((url) => !NOT_VALIDATED[url.slice(url.lastIndexOf('/') + 1)]).map(validCheck),
]
