// The nlp checks in run order: NLP-01 writes the note and waits for its enrichment; the others
// inspect that one exchange (STYLE.md 2); NLP-06 scores the dataset's annotated notes. Run with conform --nlp against a target with integrated NLP on.
import type { Check } from '../check.js'
import { check as NLP01 } from './NLP-01-enriched.js'
import { check as NLP02 } from './NLP-02-results-shape.js'
import { check as NLP03 } from './NLP-03-linkage.js'
import { check as NLP04 } from './NLP-04-not-searchable.js'
import { check as NLP05 } from './NLP-05-negation.js'
import { check as NLP06 } from './NLP-06-quality.js'

export const checks: readonly Check[] = [NLP01, NLP02, NLP03, NLP04, NLP05, NLP06]
