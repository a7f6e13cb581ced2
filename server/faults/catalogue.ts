// The fault catalogue (DESIGN.md "Faults are data too"): each fault breaks exactly one rule of
// the reference server, is off unless named (`shoreline serve --fault NAME`), and lists the
// conformance checks (ids from ../shared/conformance-catalogue.md, the suites' requirement rows)
// that must fail while it is on. The self-test runs every fault and fails if none of its checks does.
import { parseNames } from '../named-switches.js'
import { AUTH_FAULTS } from './auth.js'
import { f } from './fault.js'

export type { Fault, FaultArea } from './fault.js'

export const FAULTS = [
  ...AUTH_FAULTS,
  // search
  f(
    'search',
    'search-uri-prefix',
    'a uri parameter without a modifier matches as a prefix, as a string does',
    ['SE-14-uri'],
    /expected .* for `ValueSet\?url=https:\/\/shoreline\.invalid\/.*\/ValueSet\/se14`, got/,
  ),
  f(
    'search',
    'search-canonical-version-ignored',
    'a canonical url searched with |version finds every version',
    ['SE-14-version'],
    /expected .* for `ValueSet\?url=https:\/\/shoreline\.invalid\/.*\/ValueSet\/se14\|2\.0\.0`, got/,
  ),
  f(
    'search',
    'search-old-versions-match',
    "an update keeps the earlier version's index rows: a search still finds the resource by values it no longer has",
    ['SE-27'],
    /a search matched an earlier version/,
  ),
  // $validate (HL-17)
  f(
    'resource-server',
    'validate-accepts-everything',
    '$validate answers every resource as valid without examining it',
    ['HL-17'],
    /\$validate judged a Patient with a malformed birthDate and a non-boolean `active` valid/,
  ),
  f('resource-server', 'validate-stores', '$validate writes the resource it judges, as a create would', ['HL-17'], /\$validate stored the resource it was asked to judge/),
  f(
    'resource-server',
    'validate-ignores-profile',
    '$validate ignores the nominated profile and judges against the base resource only',
    ['HL-17'],
    /\$validate with profile=.*us-core-patient judged a Patient without an identifier valid/,
  ),
  f(
    'resource-server',
    'strict-profiles-ignored',
    'strict validation on the FHIR API ignores the profiles a resource declares (base R4 only, as structure-only)',
    ['HL-29'],
    /a strict create of a Patient claiming .*us-core-patient.* without the identifier the profile requires was stored/,
  ),
  f('search', 'search-string-exact-only', 'string parameters match whole values only, not prefixes', ['SE-05', 'SE-30'], /for family=smith/),
  f('search', 'search-prefix-ignored', 'date and quantity prefixes (gt, lt, ge, le, …) are treated as eq', ['SE-12', 'SE-13', 'SE-30'], /birthdate=gt1975-01-01|value-quantity=gt/),
  f(
    'search',
    'search-last-page-dropped',
    'the page before the last has no next link',
    ['IO-09', 'SE-02', 'SE-19'],
    /every Patient once across the pages|over nextPage\(\), missed/,
  ),
  f('search', 'search-wrong-total', 'Bundle.total is one more than the matches', ['SE-03', 'SE-24'], /`total` \d+.*got `\d+`/),
  f('search', 'search-includes-missing', '_include adds nothing', ['IO-12', 'SE-20', 'SE-30'], /the subjects .* included|among the Bundle's entries .* but it fetched it/),
  f('search', 'search-revinclude-missing', '_revinclude adds nothing', ['SE-21'], /included, got `\[\]`/),
  f('search', 'search-unstable-sort', 'ties in _sort are broken differently on every page', ['SE-22'], /distinct Patients across the sorted pages/),
  f('search', 'search-count-ignored', '_count is ignored (pages of 20)', ['SE-02'], /2 matches with _count=2/),
  f('search', 'search-not-modifier-ignored', ':not matches like equality', ['SE-10', 'SE-30'], /gender:not=male/),
  f('search', 'search-token-system-ignored', 'system|code matches the code in any system', ['SE-09', 'SE-30'], /nothing for the code in another system/),
  f('search', 'search-post-body-ignored', 'POST _search ignores its form body', ['SE-17'], /for POST family=Smith/),
  f(
    'search',
    'search-strict-ignored',
    'Prefer: handling=strict is ignored: unknown parameters are dropped silently',
    ['SE-25'],
    /4xx for an unknown parameter under handling=strict/,
  ),
  f(
    'search',
    'search-extra-params-dropped',
    'only the first filtering parameter of a search is applied',
    ['SE-16'],
    /Patient\?gender=female&birthdate=ge1960|Patient\?family=Smith&birthdate=lt1955/,
  ),
  f('search', 'search-summary-count-ignored', '_summary=count answers the entries as well', ['SE-23'], /no entries with `_summary=count`/),
  f('search', 'everything-compartment-missing', 'Patient/$everything answers the Patient alone, without its compartment', ['SE-31'], /its compartment in Patient\/.*\$everything/),
  f('search', 'search-chain-ignored', 'chained parameters and _has match everything', ['SE-08', 'SE-30'], /patient\.birthdate|_has:/),
  f('search', 'search-or-first-only', 'a comma list matches its first value only', ['SE-15', 'SE-01'], /_id=[^`]*,|family=Jones,Brown|birthdate=1950-01-01,1990-07-07/),
  f('search', 'search-missing-ignored', ':missing matches everything', ['SE-11'], /value-quantity:missing=/),
  f('search', 'search-contains-as-prefix', ':contains matches prefixes only', ['SE-06', 'SE-30'], /family:contains=mith/),
  f('search', 'search-string-case-sensitive', 'string search compares case (Smith ≠ smith)', ['SE-28'], /Patient\?family=(smith|SMITH)/),
  f('search', 'search-reference-url-ignored', 'a reference searched by absolute URL matches only references stored as that URL', ['SE-07'], /Observation\?subject=http/),
  f('search', 'search-match-dropped', 'every search leaves the last match of its first page out', ['US-02'], /missed \d+ of/),
  f('search', 'search-deleted-visible', 'deleted resources still match searches', ['TX-12'], /the deleted Patient\/[^ ]+ to match nothing/),
  // transactions and CRUD
  f('transactions', 'tx-not-atomic', 'a failing transaction keeps the entries before the failure', ['TX-22'], /nothing committed, found/),
  f(
    'transactions',
    'tx-urn-not-rewritten',
    'urn:uuid references are stored as sent',
    ['IO-11', 'TX-17'],
    /`subject\.reference` to be Patient\/.*"urn:uuid:|resolve\(\) of `subject\.reference` `"urn:uuid:/,
  ),
  f(
    'transactions',
    'tx-relative-reference-kept',
    "a relative reference naming another entry's RESTful fullUrl is stored as sent (only exact fullUrl matches are rewritten)",
    ['TX-25'],
    /relative reference naming another entry's fullUrl was not replaced/,
  ),
  f('transactions', 'tx-404-not-410', 'reading a deleted resource answers 404, not 410', ['TX-11'], /HTTP 410 for a deleted resource, got 404/),
  f('transactions', 'tx-if-match-ignored', 'If-Match with a stale version is not refused', ['TX-07'], /412 \(or 409\) for If-Match/),
  f('transactions', 'tx-version-not-bumped', 'an update keeps the old versionId', ['IO-04', 'TX-05'], /a new `meta\.versionId`/),
  f(
    'transactions',
    'tx-conditional-create-duplicates',
    'If-None-Exist is ignored: one match creates a duplicate, several create one more',
    ['TX-04', 'TX-18', 'TX-20'],
    /one match, nothing created|name the first run's Patient/,
  ),
  f('transactions', 'tx-no-location', 'create answers without a Location header', ['IO-03', 'TX-03'], /`Location` to name Patient/),
  f('transactions', 'tx-no-etag', 'reads answer without an ETag', ['TX-32'], /`ETag: W\/"\[vid\]"`, got nothing/),
  f(
    'transactions',
    'tx-read-plain-json',
    'reads answer as application/json, not application/fhir+json',
    ['TX-01'],
    /`Content-Type: application\/fhir\+json`, got `"application\/json"`/,
  ),
  f('transactions', 'read-unknown-type-500', 'a request for an unknown resource type answers 500', ['TX-02', 'SE-04'], /400 or 404.*got 500/),
  f(
    'transactions',
    'tx-conditional-put-batch-only',
    "a conditional PUT in a transaction is refused (400), and in a batch only by _id (alone or with _tag, createdAt or _lastUpdated): HealthLake's documented rule",
    ['TX-19'],
    /expected 200 for the transaction, got 400/,
  ),
  f(
    'transactions',
    'tx-patch-json-only',
    'PATCH takes a JSON Patch only as application/json: application/json-patch+json is refused with 415',
    ['IO-06', 'TX-31'],
    /patch\(\) of Patient\/\S+ \(application\/json-patch\+json\) to succeed.*415|200 for the patch, got 415/,
  ),
  f(
    'transactions',
    'tx-delete-ignored',
    'DELETE answers 204 and deletes nothing',
    ['IO-08', 'TX-11'],
    /read\(\) of the deleted Patient\/\S+ to be refused|410 for a deleted resource, got 200/,
  ),
  f('transactions', 'tx-conditional-delete-ignored', 'conditional delete answers 204 and deletes nothing', ['TX-10'], /the conditional delete to remove the match/),
  f('transactions', 'tx-history-since-ignored', 'history ignores _since', ['TX-14'], /no versions since/),
  f('transactions', 'tx-history-oldest-first', 'history lists the oldest version first', ['TX-16'], /newest first/),
  f(
    'transactions',
    'tx-processing-order-ignored',
    'transaction entries run in the order sent, not DELETE, POST, PUT, GET',
    ['TX-21'],
    /the GET entry's search to find the Patient created in the same transaction/,
  ),
  f(
    'transactions',
    'tx-delete-referenced-refused',
    'a transaction DELETE of a resource another live resource refers to is refused (409), judged entry by entry in entry order',
    ['TX-26'],
    /whatever the entry order of a transaction deleting a patient record/,
  ),
  f(
    'transactions',
    'tx-batch-urn-stored',
    "a batch entry referencing another entry's urn:uuid is stored with the reference as sent",
    ['TX-27'],
    /referencing another entry's urn:uuid to fail with a 4xx/,
  ),
  f('transactions', 'tx-duplicate-entries-accepted', 'a transaction with two entries on one resource is accepted', ['TX-23'], /400 for two entries on Patient/),
  f(
    'transactions',
    'tx-batch-all-or-nothing',
    'a batch fails whole at its first failing entry',
    ['IO-10', 'TX-28'],
    /200 for the batch, got 412|batch\(\) to be answered with a batch-response/,
  ),
  f('transactions', 'tx-accept-ignored', 'Accept and _format are ignored: XML requests get JSON with 200', ['TX-30'], /406 \(or XML\) for `Accept: application\/fhir\+xml`/),
  f('transactions', 'tx-patch-test-ignored', 'JSON Patch test operations always pass', ['TX-31'], /4xx when the `test` op fails/),
  f('transactions', 'write-drops-every-100th', 'every 100th create or update is acknowledged but not stored', ['RC-01'], /missing/),
  f(
    'transactions',
    'tx-vread-current',
    'vread of any version answers the current version',
    ['IO-05', 'TX-09', 'TX-15'],
    /vread of version|version `"1"` as created|from vread\(\)/,
  ),
  f(
    'transactions',
    'tx-conditional-update-creates',
    'conditional update (alone or in a transaction) always creates, even when one resource matches',
    ['TX-06', 'TX-19', 'HL-19'],
    /200 when one resource matches, got 201|statuses 200\/204, 201, 200|200 for a conditional PUT matching Patient\/\S+ with its id, got/,
  ),
  f('transactions', 'tx-base-accepts-non-bundle', 'POST to the base with a non-Bundle answers 200', ['TX-29'], /4xx for a Patient posted to the base/),
  f(
    'transactions',
    'tx-history-missing-versions',
    'instance history lists only the current version',
    ['IO-07', 'TX-13'],
    /at least 2 versions|versions of Patient\/\S+ in history\(\)/,
  ),
  // US Core profiles on read (server/faults/us-core.ts), for the us-core suite: a check family is listed by its id (US-01)
  f(
    'transactions',
    'uscore-must-support-dropped',
    'reads and search results leave out the first must-support element of the US Core profile the resource claims',
    ['US-01', 'US-04'],
    /must-support elements unaltered/,
  ),
  f('transactions', 'uscore-required-dropped', 'reads leave out the first required element of the US Core profile the resource claims', ['US-03'], /to conform to it/),
  // bulk export
  f('bulk-export', 'export-no-content-location', 'the kick-off 202 has no Content-Location', ['IO-13', 'BE-01'], /`Content-Location` header/),
  f('bulk-export', 'export-manifest-no-output', 'the complete manifest has no output array', ['BE-14'], /`output` in the manifest/),
  f('bulk-export', 'export-relative-urls', 'output urls are relative paths, not absolute URLs', ['BE-16'], /an absolute `url`/),
  f('bulk-export', 'export-wrong-ndjson-content-type', 'NDJSON files are served as application/json', ['BE-17'], /`Content-Type: application\/fhir\+ndjson`/),
  f(
    'bulk-export',
    'export-file-scope-unchecked',
    "files download with a token whose scopes do not cover the file's type",
    ['AU-24'],
    /403 \(or 401\) for the Patient file with an Observation-only token/,
  ),
  f('bulk-export', 'export-post-body-ignored', "a POST kick-off's Parameters body is ignored", ['BE-02'], /only `Patient` files for the POSTed _type=Patient/),
  f('bulk-export', 'export-output-format-strict', '_outputFormat accepts only application/fhir+ndjson, not its abbreviations', ['BE-06'], /202 for `_outputFormat=/),
  f('bulk-export', 'export-output-format-unchecked', 'any _outputFormat is accepted (and NDJSON produced)', ['BE-07'], /4xx for `_outputFormat=/),
  f('bulk-export', 'export-unknown-type-accepted', 'unknown _type values are dropped silently without handling=lenient', ['BE-12'], /4xx for an unknown `_type`/),
  f('bulk-export', 'export-manifest-request-wrong', "the manifest's request is the base URL, not the kick-off", ['BE-15'], /`request`/),
  f('bulk-export', 'export-files-survive-delete', 'files of a deleted export still download', ['BE-22'], /404 for a file of a deleted export/),
  f(
    'bulk-export',
    'export-access-token-not-enforced',
    'files download without a token although requiresAccessToken is true',
    ['BE-18'],
    /400, 401 or 403 without a token, got 200/,
  ),
  f('bulk-export', 'export-cancel-ignored', 'DELETE on the status URL does not cancel (the job still answers)', ['BE-21'], /404 for the cancelled job/),
  f('bulk-export', 'export-no-retry-after', 'in-progress status answers carry no Retry-After', ['BE-13'], /`Retry-After`/),
  f('bulk-export', 'export-errors-not-outcome', 'a refused kick-off answers {"message": …}, not an OperationOutcome', ['BE-23'], /an OperationOutcome for the refused/),
  f('bulk-export', 'export-since-ignored', '_since is ignored (everything is exported)', ['BE-08'], /only resources changed after _since/),
  f(
    'bulk-export',
    'export-type-ignored',
    '_type is ignored (every type is exported)',
    ['BE-09', 'HL-15'],
    /only `Patient` files with _type=Patient|only Patient and Observation in the HealthLake export/,
  ),
  f(
    'bulk-export',
    'export-type-filter-ignored',
    '_typeFilter is accepted (202) and ignored: every resource of the type is exported',
    ['BE-10'],
    /matching `_typeFilter=Patient\?gender=female`/,
  ),
  f('bulk-export', 'export-elements-ignored', '_elements is accepted (202) and ignored: whole resources are exported', ['BE-11'], /only `id` and `meta` under _elements/),
  f('bulk-export', 'export-attachment-url-relative', 'exported attachment URLs under the server base are written relative to it (`Binary/…`)', ['BE-20'], /is not an absolute URL/),
  f(
    'bulk-export',
    'export-lenient-unreported',
    'a kick-off with handling=lenient is processed without a word on the parameters it ignored',
    ['BE-05'],
    /an OperationOutcome in the manifest's error files naming/,
  ),
  f(
    'search',
    'status-required-with-status-refused',
    'a search by patient of a type with a status is refused with 400, even when it names a status',
    ['SE-18'],
    /a server that requires a status SHALL answer the search that names one/,
  ),
  f(
    'search',
    'strong-consistency-ignored',
    'search is eventually consistent and x-amz-fhir-history-consistency-level: strong is ignored',
    ['HL-22'],
    /sent with `x-amz-fhir-history-consistency-level: strong` right after the update to find/,
  ),
  f(
    'resource-server',
    'idempotency-key-ignored',
    'x-amz-fhir-idempotency-key is ignored: a repeated key creates again',
    ['HL-21'],
    /409 for a create repeating x-amz-fhir-idempotency-key/,
  ),
  f('resource-server', 'minimal-unmarked', 'a write stored at minimal despite failing validation carries no validation-issue marker', ['HL-33'], /validation-issue/),
  // import
  f('import', 'import-drops-every-1000th', 'every 1,000th resource is counted as imported but not stored', ['IM-01'], /Patients with the run's tag after the import/),
  f('import', 'import-strict-accepts-invalid', 'strict imports resources that fail validation', ['HL-10'], /as labelled at strict.*expected rejected, got accepted/),
  f(
    'import',
    'import-structure-only-rejects-valid',
    'structure-only rejects valid resources that only break profile rules',
    ['HL-32'],
    /as labelled at structure-only.*expected accepted, got rejected/,
  ),
  f('import', 'import-status-after-delete', 'after a DELETE, the import polling location still answers the job', ['IM-03'], /404 with an OperationOutcome after the DELETE/),
  f('import', 'import-counters-wrong', 'the job counters do not add up (scanned ≠ imported + errors)', ['HL-11'], /scanned = imported \+ customer errors \+ server errors/),
  f('import', 'import-no-failure-output', 'rejected lines are not written to FAILURE/', ['IM-05'], /failure entries/),
  f('import', 'control-plane-endpoint-mismatch', 'DescribeFHIRDatastore names an endpoint without its /r4/', ['HL-03'], /`DatastoreEndpoint`/),
  f('import', 'control-plane-metadata-stale', "the data store's SMART Metadata names another token_endpoint than .well-known", ['HL-02'], /Metadata `token_endpoint`/),
  f('import', 'control-plane-undocumented-status', 'DescribeFHIRExportJob reports a running job as RUNNING', ['HL-12'], /documented statuses only/),
  f('import', 'control-plane-start-answer-incomplete', 'StartFHIRExportJob answers without DatastoreId', ['HL-14'], /`DatastoreId`/),
  f(
    'bulk-export',
    'export-healthlake-answer-wrong',
    "HealthLake's FHIR $export answers an OperationOutcome instead of {datastoreId, jobStatus, jobId}",
    ['HL-16'],
    /\{datastoreId: [^,]+, jobStatus, jobId\}/,
  ),
  f('import', 'control-plane-sigv4-unchecked', 'control-plane requests with a bad SigV4 signature are served', ['HL-09'], /the request to be refused, it was served/),
  // the reference token-validator Lambda (server/auth/reference-lambda.ts), for the healthlake-lambda suite
  f('lambda', 'lambda-no-role-arn', 'the handler answers without iamRoleARN', ['HL-05'], /`iamRoleARN`/),
  f('lambda', 'lambda-drops-nbf', 'authPayload has no nbf', ['HL-06'], /`nbf` in authPayload/),
  f('lambda', 'lambda-slow', 'the handler takes 1.1 s to answer', ['HL-07'], /an answer within 1000 ms/),
  f('lambda', 'lambda-exp-refreshed', 'expired tokens are accepted and exp is replaced with a fresh one', ['HL-08'], /HealthLake not to authorize/),
  f('lambda', 'lambda-nbf-rewritten', 'tokens not yet valid are accepted and nbf is replaced with now', ['HL-40'], /HealthLake not to authorize/),
  f('lambda', 'lambda-aud-rewritten', "aud is not checked and is replaced with the event's datastoreEndpoint", ['HL-41'], /HealthLake not to authorize/),
  f(
    'lambda',
    'lambda-passes-claims-through',
    "expired, not-yet-valid and other-audience tokens are answered isAuthorized true with their own claims, leaving HealthLake's (undocumented) re-check to refuse them",
    ['HL-08', 'HL-40', 'HL-41'],
    /relies on HealthLake re-checking/,
  ),
  f('lambda', 'lambda-signature-unchecked', 'token signatures are not verified', ['HL-42'], /HealthLake not to authorize/),
  f('lambda', 'lambda-throws-on-malformed', 'a token that is not a JWT makes the handler throw', ['HL-43'], /an answer, the handler threw/),
  f('lambda', 'lambda-event-unchecked', 'an event missing datastoreEndpoint is handled like a complete one', ['HL-44'], /HealthLake not to authorize/),
  f('lambda', 'lambda-scope-widened', 'authPayload.scope adds system/*.* to the token scope', ['HL-45'], /`scope` within/),
  // integrated NLP (serve --nlp, server/nlp/enrich.ts), for the nlp suite
  f('nlp', 'nlp-no-enrichment', 'DocumentReferences are stored but never enriched, as on a data store with NLP off', ['NLP-01'], /not enriched within/),
  f('nlp', 'nlp-never-finishes', 'enrichment is queued but takes an hour, beyond any run', ['NLP-01'], /not enriched within/),
  f('nlp', 'nlp-wrong-shape', "the aws-cm entity extensions' offsets are one character off the text they name", ['NLP-02'], /the note's text at/),
  f('nlp', 'nlp-no-linkage', 'resources are generated but no Linkage ties them to the document', ['NLP-03'], /`http:\/\/healthlake\.amazonaws\.com\/linkage`/),
  f('nlp', 'nlp-generated-searchable', 'generated resources are indexed, so searches find them', ['NLP-04'], /found by `_id`/),
  f('nlp', 'nlp-misses-medications', 'the extractor finds no drug names: every medication mention is missed', ['NLP-06'], /MEDICATION 0\.000/),
  f('nlp', 'nlp-negation-ignored', 'negated mentions ("denies chest pain") become Conditions and Observations', ['NLP-05'], /negated in the note/),
] as const

/** Every fault's name: a misspelt name in `faults.has('…')` or a test's `faults: […]` is a type error. */
export type FaultName = (typeof FAULTS)[number]['name']

/** The faults in force. */
export type Faults = ReadonlySet<FaultName>
export const NO_FAULTS: Faults = new Set<FaultName>()

export const FAULT_NAMES: ReadonlySet<string> = new Set<string>(FAULTS.map((x) => x.name))

export function isFaultName(name: string): name is FaultName {
  return FAULT_NAMES.has(name)
}

/** `a,b` → a set, or an error naming the unknown ones. */
export function parseFaults(names: readonly string[]): Faults {
  return parseNames(names, isFaultName, 'fault')
}
