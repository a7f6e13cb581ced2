// The fault catalogue (DESIGN.md "Faults are data too"): each fault breaks exactly one rule of
// the reference server, is off unless named (`shoreline serve --fault NAME`), and lists the
// conformance checks (ids from ../shared/conformance-catalogue.md, the suites' requirement rows)
// that must fail while it is on. The self-test runs every fault and fails if none of its checks does.
import { parseNames } from '../named-switches.js'

export type FaultArea = 'discovery' | 'token' | 'resource-server' | 'search' | 'transactions' | 'bulk-export' | 'import' | 'lambda' | 'nlp'

export interface Fault<N extends string = string> {
  name: N
  area: FaultArea
  /** The rule the server breaks while this fault is on. */
  breaks: string
  /** Check ids that must fail against it. */
  checks: string[]
  /**
   * What the failing check must say: the element or answer the broken rule is about. The mutation
   * test counts a fault as caught only by a failure (or warning) whose message matches, so a check
   * that fails for another reason — or crashes — does not pass for catching it.
   */
  says: RegExp
}

const f = <const N extends string>(area: FaultArea, name: N, breaks: string, checks: string[], says: RegExp): Fault<N> => ({ name, area, breaks, checks, says })

export const FAULTS = [
  // discovery
  f('discovery', 'discovery-no-token-endpoint', 'smart-configuration omits token_endpoint', ['SD-04', 'SD-11'], /`token_endpoint`/),
  f('discovery', 'discovery-no-s256', 'code_challenge_methods_supported lacks S256', ['SD-07'], /`code_challenge_methods_supported` to include `S256`/),
  f(
    'discovery',
    'discovery-plain-pkce',
    'code_challenge_methods_supported offers plain, and plain challenges are accepted',
    ['SD-07', 'AU-15'],
    /not to include `plain`|plain verifier/,
  ),
  f('discovery', 'discovery-no-jwks-uri', 'smart-configuration claims sso-openid-connect but omits jwks_uri', ['SD-17'], /`jwks_uri`/),
  f('discovery', 'discovery-no-capabilities', 'smart-configuration omits capabilities', ['SD-04', 'SD-09'], /`capabilities` to be a non-empty array/),
  f(
    'discovery',
    'discovery-no-asymmetric-alg',
    'token_endpoint_auth_signing_alg_values_supported lacks RS384 and ES384',
    ['SD-13'],
    /`token_endpoint_auth_signing_alg_values_supported` to include `RS384` or `ES384`/,
  ),
  f(
    'discovery',
    'discovery-stu1-only',
    'smart-configuration omits the STU2 arrays grant_types_supported and code_challenge_methods_supported',
    ['SD-05'],
    /`grant_types_supported` to be a non-empty array/,
  ),
  f('discovery', 'discovery-missing', '.well-known/smart-configuration answers 404', ['SD-01'], /HTTP 200 from `\.well-known\/smart-configuration`, got 404/),
  f('discovery', 'discovery-no-authorization-code', 'grant_types_supported lacks authorization_code', ['SD-06'], /`grant_types_supported` to include `authorization_code`/),
  f('discovery', 'discovery-capabilities-not-strings', 'capabilities holds entries that are not strings', ['SD-09'], /every `capabilities` entry to be a non-blank string/),
  f('discovery', 'discovery-no-auth-methods', 'smart-configuration omits token_endpoint_auth_methods_supported', ['SD-12', 'SD-13'], /`token_endpoint_auth_methods_supported`/),
  f('discovery', 'discovery-no-cors', '.well-known/smart-configuration has no Access-Control-Allow-Origin', ['SD-14'], /`Access-Control-Allow-Origin`/),
  f('discovery', 'discovery-wrong-content-type', 'smart-configuration is served as text/plain', ['SD-02'], /`Content-Type` to start with `application\/json`/),
  f('discovery', 'metadata-no-cors', 'metadata has no Access-Control-Allow-Origin', ['SD-15'], /`Access-Control-Allow-Origin`/),
  f('discovery', 'capability-search-param-types-wrong', 'the CapabilityStatement declares every search parameter as a string', ['CS-10'], /the spec's types/),
  f('discovery', 'capability-no-security', 'the CapabilityStatement has no rest.security (SMART coding, oauth-uris)', ['CS-07'], /`SMART-on-FHIR`/),
  f('discovery', 'capability-not-a-capability-statement', 'metadata answers a DSTU2 Conformance resource', ['CS-01'], /`resourceType` to be `CapabilityStatement`/),
  f('discovery', 'capability-wrong-fhir-version', 'fhirVersion says 3.0.2', ['CS-02'], /`fhirVersion` to be 4\.0\.x/),
  f('discovery', 'capability-no-json-format', 'format lists only XML', ['CS-03'], /`format` to list a JSON format/),
  f('discovery', 'capability-oauth-uris-mismatch', "the CapabilityStatement's token URI differs from token_endpoint", ['CS-08'], /oauth-uris `token` to equal `token_endpoint`/),
  f(
    'discovery',
    'capability-no-export',
    'the CapabilityStatement declares no export operation (nor instantiates Bulk Data)',
    ['CS-09', 'CS-05'],
    /`export` operation declared|`instantiates` to include the Bulk Data/,
  ),
  // token endpoint
  f('token', 'token-expired-assertion-accepted', 'an expired client_assertion is accepted', ['AU-50'], /no `access_token` for an expired client assertion/),
  f('token', 'token-aud-ignored', 'a client_assertion whose aud is not the token URL is accepted', ['AU-33'], /no `access_token` for an assertion for another audience/),
  f(
    'token',
    'token-unknown-kid-accepted',
    'a client_assertion whose kid names no registered key is checked with another key',
    ['AU-62'],
    /no `access_token` for an assertion naming an unregistered kid/,
  ),
  f('token', 'token-alg-none-accepted', 'an unsigned (alg none) client_assertion is accepted', ['AU-51'], /no `access_token` for an unsigned \(alg none\) assertion/),
  f('token', 'token-hs256-accepted', 'an HS256 client_assertion keyed with the public key is accepted', ['AU-52'], /no `access_token` for an hs256 assertion/),
  f('token', 'token-jti-replay-accepted', 'a replayed client_assertion jti is accepted', ['AU-53'], /the replay to be refused/),
  f('token', 'token-iss-sub-unchecked', 'a client_assertion with sub ≠ iss is accepted', ['AU-54'], /no `access_token` for an assertion whose sub is not its iss/),
  f('token', 'token-kid-unchecked', 'a kid with path characters is accepted', ['AU-55'], /no `access_token` for a kid with path characters/),
  f('token', 'token-jku-unchecked', 'a jku other than the registered jwks_url is accepted', ['AU-36'], /no `access_token` for an assertion pointing jku at a foreign host/),
  f('token', 'token-no-exp-accepted', 'a client_assertion without exp is accepted', ['AU-57'], /no `access_token` for an assertion without exp/),
  f('token', 'token-long-lived', 'access tokens live an hour (expires_in 3600)', ['AU-65'], /`expires_in` of at most 300 seconds, got `3600`/),
  f(
    'token',
    'token-scope-refused-invalid-request',
    'a scope that names nothing grantable is refused with invalid_request, not invalid_scope',
    ['AU-64'],
    /`error` `invalid_scope`.*"invalid_request"/,
  ),
  f(
    'token',
    'token-long-assertion-accepted',
    'a client_assertion expiring more than 5 minutes out is accepted',
    ['AU-58'],
    /no `access_token` for an assertion valid for more than 5 minutes/,
  ),
  f('token', 'token-nbf-ignored', 'a client_assertion whose nbf is in the future is accepted', ['AU-59'], /no `access_token` for an assertion not valid yet/),
  f(
    'token',
    'token-signature-unchecked',
    'a client_assertion with a stripped or foreign signature is accepted',
    ['AU-60', 'AU-35', 'AU-61'],
    /no `access_token` for an assertion (signed with an unregistered key|with its signature stripped)/,
  ),
  f('token', 'token-scope-not-narrowed', 'scopes the client is not registered for are granted', ['AU-43', 'AU-46'], /beyond the scope registered for the client/),
  f('token', 'oidc-id-token-alg-unlisted', 'id_tokens are signed RS384 while the provider metadata lists only RS256', ['AU-68'], /id_token_signing_alg_values_supported/),
  f(
    'token',
    'token-pkce-ignored',
    'authorization_code is exchanged without a matching code_verifier',
    ['AU-15'],
    /no token for a code exchanged with (a wrong verifier|no verifier)/,
  ),
  f(
    'token',
    'token-assertion-type-unchecked',
    'client_assertion_type is not checked: a missing or wrong type is accepted',
    ['AU-28', 'AU-30'],
    /no `access_token` for (a saml2-bearer assertion type|no client_assertion_type)/,
  ),
  f('token', 'token-json-body-accepted', 'a token request with a JSON body is read like the form', ['AU-32'], /no `access_token` for a JSON body/),
  f(
    'token',
    'token-client-id-mismatch-accepted',
    "a client_id parameter naming another client than the assertion's issuer is ignored",
    ['AU-34'],
    /no `access_token` for an unregistered client_id/,
  ),
  f('token', 'token-wildcard-refused', 'wildcard read scopes (system/*.read, system/*.rs) are never granted', ['AU-44'], /HTTP 200 for `system\/\*\.read`/),
  f('token', 'introspect-active-bare', 'introspection of a live token answers only active:true (no client_id, scope, exp)', ['AU-38'], /`client_id`/),
  f('token', 'token-requires-client-id', 'private_key_jwt requests are refused unless they also carry a client_id parameter', ['AU-25'], /client_id is required/),
  f('token', 'token-bad-grant-500', 'an unsupported grant_type answers 500 instead of an OAuth error', ['AU-27'], /`unsupported_grant_type`, got HTTP 500/),
  f(
    'token',
    'token-client-auth-invalid-request',
    'a failed client authentication answers 400 invalid_request instead of invalid_client',
    ['AU-29', 'AU-33', 'AU-35', 'AU-36', 'AU-50', 'AU-51', 'AU-52', 'AU-53', 'AU-54', 'AU-55', 'AU-57', 'AU-59', 'AU-60', 'AU-61', 'AU-62', 'AU-31'],
    /`error` `invalid_client`.*"invalid_request"/,
  ),
  f('token', 'token-unknown-client-500', 'an assertion from an unregistered client answers 500 instead of invalid_client', ['AU-29'], /`error` `invalid_client`.*got HTTP 500/),
  f('token', 'token-errors-not-json', 'token endpoint errors are text/plain, not the OAuth JSON error shape', ['AU-37'], /an OAuth error .*got HTTP 400 "Bad Request"/),
  f('token', 'token-no-cache-control', 'token responses lack Cache-Control: no-store and Pragma: no-cache', ['AU-08'], /`Cache-Control: no-store`/),
  f('token', 'token-type-not-bearer', 'token_type is not Bearer', ['AU-26'], /`token_type` to be `Bearer`/),
  f('token', 'introspect-inactive-leaks', 'introspection of an inactive token returns more than active:false', ['AU-14'], /nothing but `active`/),
  f('token', 'revocation-ignored', 'revoked tokens stay valid', ['AU-18', 'AU-14'], /`active` false for a revoked token|with a revoked token, got 200/),
  // resource server (HealthLake's enforcement of the Lambda answer)
  f(
    'resource-server',
    'rs-no-token-accepted',
    'a FHIR request without a bearer token is served',
    ['AU-19', 'AU-20'],
    /HTTP 401 for .* without a token, got 200|401 \(or 400\) for `\$export` without a token/,
  ),
  f('resource-server', 'rs-expired-token-accepted', 'an expired access token is accepted', ['HL-46'], /expired/),
  f('resource-server', 'rs-nbf-ignored', 'an access token whose nbf is in the future is accepted', ['HL-46'], /not valid yet|`nbf`/),
  f('resource-server', 'rs-aud-ignored', 'an access token for another data store is accepted', ['HL-46'], /another data store|`aud`/),
  f('resource-server', 'rs-unauthorized-accepted', 'isAuthorized:false from the validator is ignored', ['AU-21', 'HL-46'], /HTTP 401 for .* with a forged token, got 200/),
  f(
    'resource-server',
    'rs-scopes-ignored',
    'interactions no scope grants are served',
    ['AU-22', 'TX-24'],
    /outside the granted scopes refused \(401\/403\), got 200|403 for a write with a read-only token, got 200/,
  ),
  f('resource-server', 'rs-compartment-ignored', "patient/ scopes reach outside the patient's compartment", ['AU-63'], /compartment/),
  f('resource-server', 'rs-granular-filter-ignored', 'v2 granular scope filters are not applied to search results', ['AU-23'], /under the granular scope/),
  f('resource-server', 'rs-scope-denied-as-401', 'a scope denial answers 401 instead of 403', ['AU-67'], /HTTP 403 \(insufficient_scope\).*got 401/),
  f(
    'resource-server',
    'rs-nonresource-token-full-access',
    'a token whose scopes name no resource (openid, junk, an unknown action) is issued as asked and reaches everything',
    ['AU-40', 'AU-41', 'AU-45'],
    /no granted scope covers it, so it must be refused/,
  ),
  // search
  f('search', 'search-string-exact-only', 'string parameters match whole values only, not prefixes', ['SE-05', 'SE-30'], /for family=smith/),
  f('search', 'search-prefix-ignored', 'date and quantity prefixes (gt, lt, ge, le, …) are treated as eq', ['SE-12', 'SE-13', 'SE-30'], /birthdate=gt1975-01-01|value-quantity=gt/),
  f('search', 'search-last-page-dropped', 'the page before the last has no next link', ['SE-02', 'SE-19'], /every Patient once across the pages/),
  f('search', 'search-wrong-total', 'Bundle.total is one more than the matches', ['SE-03', 'SE-24'], /`total` \d+.*got `\d+`/),
  f('search', 'search-includes-missing', '_include adds nothing', ['SE-20', 'SE-30'], /the subjects .* included/),
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
  f('search', 'search-deleted-visible', 'deleted resources still match searches', ['TX-12'], /the deleted Patient\/[^ ]+ to match nothing/),
  // transactions and CRUD
  f('transactions', 'tx-not-atomic', 'a failing transaction keeps the entries before the failure', ['TX-22'], /nothing committed, found/),
  f('transactions', 'tx-urn-not-rewritten', 'urn:uuid references are stored as sent', ['TX-17'], /`subject\.reference` to be Patient\/.*"urn:uuid:/),
  f('transactions', 'tx-404-not-410', 'reading a deleted resource answers 404, not 410', ['TX-11'], /HTTP 410 for a deleted resource, got 404/),
  f('transactions', 'tx-if-match-ignored', 'If-Match with a stale version is not refused', ['TX-07'], /412 \(or 409\) for If-Match/),
  f('transactions', 'tx-version-not-bumped', 'an update keeps the old versionId', ['TX-05'], /a new `meta\.versionId`/),
  f(
    'transactions',
    'tx-conditional-create-duplicates',
    'If-None-Exist is ignored: one match creates a duplicate, several create one more',
    ['TX-04', 'TX-18', 'TX-20'],
    /one match, nothing created|name the first run's Patient/,
  ),
  f('transactions', 'tx-no-location', 'create answers without a Location header', ['TX-03'], /`Location` to name Patient/),
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
  f('transactions', 'tx-duplicate-entries-accepted', 'a transaction with two entries on one resource is accepted', ['TX-23'], /400 for two entries on Patient/),
  f('transactions', 'tx-batch-all-or-nothing', 'a batch fails whole at its first failing entry', ['TX-28'], /200 for the batch, got 412/),
  f('transactions', 'tx-accept-ignored', 'Accept and _format are ignored: XML requests get JSON with 200', ['TX-30'], /406 \(or XML\) for `Accept: application\/fhir\+xml`/),
  f('transactions', 'tx-patch-test-ignored', 'JSON Patch test operations always pass', ['TX-31'], /4xx when the `test` op fails/),
  f('transactions', 'write-drops-every-100th', 'every 100th create or update is acknowledged but not stored', ['RC-01'], /missing/),
  f('transactions', 'tx-vread-current', 'vread of any version answers the current version', ['TX-09', 'TX-15'], /vread of version|version `"1"` as created/),
  f(
    'transactions',
    'tx-conditional-update-creates',
    'conditional update (alone or in a transaction) always creates, even when one resource matches',
    ['TX-06', 'TX-19'],
    /200 when one resource matches, got 201|statuses 200\/204, 201, 200/,
  ),
  f('transactions', 'tx-base-accepts-non-bundle', 'POST to the base with a non-Bundle answers 200', ['TX-29'], /4xx for a Patient posted to the base/),
  f('transactions', 'tx-history-missing-versions', 'instance history lists only the current version', ['TX-13'], /at least 2 versions/),
  // bulk export
  f('bulk-export', 'export-no-content-location', 'the kick-off 202 has no Content-Location', ['BE-01'], /`Content-Location` header/),
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
  f('bulk-export', 'export-type-ignored', '_type is ignored (every type is exported)', ['BE-09'], /only `Patient` files with _type=Patient/),
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
