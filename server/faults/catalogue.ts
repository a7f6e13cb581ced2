// The fault catalogue (DESIGN.md "Faults are data too"): each fault breaks exactly one rule of
// the reference server, is off unless named (`shoreline serve --fault NAME`), and lists the
// conformance checks (ids from ../shared/conformance-catalogue.md, the suites' requirement rows)
// that must fail while it is on. The self-test runs every fault and fails if none of its checks does.
import { parseNames } from '../named-switches.js'

export type FaultArea = 'discovery' | 'token' | 'resource-server' | 'search' | 'transactions' | 'bulk-export' | 'import' | 'lambda'

export interface Fault<N extends string = string> {
  name: N
  area: FaultArea
  /** The rule the server breaks while this fault is on. */
  breaks: string
  /** Check ids that must fail against it. */
  checks: string[]
}

const f = <const N extends string>(area: FaultArea, name: N, breaks: string, checks: string[]): Fault<N> => ({ name, area, breaks, checks })

export const FAULTS = [
  // discovery
  f('discovery', 'discovery-no-token-endpoint', 'smart-configuration omits token_endpoint', ['SD-04', 'SD-11']),
  f('discovery', 'discovery-no-s256', 'code_challenge_methods_supported lacks S256', ['SD-07']),
  f('discovery', 'discovery-plain-pkce', 'code_challenge_methods_supported offers plain, and plain challenges are accepted', ['SD-07', 'AU-15']),
  f('discovery', 'discovery-no-jwks-uri', 'smart-configuration claims sso-openid-connect but omits jwks_uri', ['SD-17']),
  f('discovery', 'discovery-no-capabilities', 'smart-configuration omits capabilities', ['SD-04', 'SD-09']),
  f('discovery', 'discovery-no-asymmetric-alg', 'token_endpoint_auth_signing_alg_values_supported lacks RS384 and ES384', ['SD-13']),
  f('discovery', 'discovery-stu1-only', 'smart-configuration omits the STU2 arrays grant_types_supported and code_challenge_methods_supported', ['SD-05']),
  f('discovery', 'discovery-missing', '.well-known/smart-configuration answers 404', ['SD-01']),
  f('discovery', 'discovery-no-authorization-code', 'grant_types_supported lacks authorization_code', ['SD-06']),
  f('discovery', 'discovery-capabilities-not-strings', 'capabilities holds entries that are not strings', ['SD-09']),
  f('discovery', 'discovery-no-auth-methods', 'smart-configuration omits token_endpoint_auth_methods_supported', ['SD-12', 'SD-13']),
  f('discovery', 'discovery-no-cors', '.well-known/smart-configuration has no Access-Control-Allow-Origin', ['SD-14']),
  f('discovery', 'discovery-wrong-content-type', 'smart-configuration is served as text/plain', ['SD-02']),
  f('discovery', 'metadata-no-cors', 'metadata has no Access-Control-Allow-Origin', ['SD-15']),
  f('discovery', 'capability-search-param-types-wrong', 'the CapabilityStatement declares every search parameter as a string', ['CS-10']),
  f('discovery', 'capability-no-security', 'the CapabilityStatement has no rest.security (SMART coding, oauth-uris)', ['CS-07']),
  f('discovery', 'capability-not-a-capability-statement', 'metadata answers a DSTU2 Conformance resource', ['CS-01']),
  f('discovery', 'capability-wrong-fhir-version', 'fhirVersion says 3.0.2', ['CS-02']),
  f('discovery', 'capability-no-json-format', 'format lists only XML', ['CS-03']),
  f('discovery', 'capability-oauth-uris-mismatch', "the CapabilityStatement's token URI differs from token_endpoint", ['CS-08']),
  f('discovery', 'capability-no-export', 'the CapabilityStatement declares no export operation (nor instantiates Bulk Data)', ['CS-09', 'CS-05']),
  // token endpoint
  f('token', 'token-expired-assertion-accepted', 'an expired client_assertion is accepted', ['AU-50']),
  f('token', 'token-aud-ignored', 'a client_assertion whose aud is not the token URL is accepted', ['AU-33']),
  f('token', 'token-unknown-kid-accepted', 'a client_assertion whose kid names no registered key is checked with another key', ['AU-62']),
  f('token', 'token-alg-none-accepted', 'an unsigned (alg none) client_assertion is accepted', ['AU-51']),
  f('token', 'token-hs256-accepted', 'an HS256 client_assertion keyed with the public key is accepted', ['AU-52']),
  f('token', 'token-jti-replay-accepted', 'a replayed client_assertion jti is accepted', ['AU-53']),
  f('token', 'token-iss-sub-unchecked', 'a client_assertion with sub ≠ iss is accepted', ['AU-54']),
  f('token', 'token-kid-unchecked', 'a kid with path characters is accepted', ['AU-55']),
  f('token', 'token-jku-unchecked', 'a jku other than the registered jwks_url is accepted', ['AU-36']),
  f('token', 'token-no-exp-accepted', 'a client_assertion without exp is accepted', ['AU-57']),
  f('token', 'token-long-lived', 'access tokens live an hour (expires_in 3600)', ['AU-65']),
  f('token', 'token-scope-refused-invalid-request', 'a scope that names nothing grantable is refused with invalid_request, not invalid_scope', ['AU-64']),
  f('token', 'token-long-assertion-accepted', 'a client_assertion expiring more than 5 minutes out is accepted', ['AU-58']),
  f('token', 'token-nbf-ignored', 'a client_assertion whose nbf is in the future is accepted', ['AU-59']),
  f('token', 'token-signature-unchecked', 'a client_assertion with a stripped or foreign signature is accepted', ['AU-60', 'AU-35', 'AU-61']),
  f('token', 'token-scope-not-narrowed', 'scopes the client is not registered for are granted', ['AU-43', 'AU-46']),
  f('token', 'token-pkce-ignored', 'authorization_code is exchanged without a matching code_verifier', ['AU-15']),
  f('token', 'token-assertion-type-unchecked', 'client_assertion_type is not checked: a missing or wrong type is accepted', ['AU-28', 'AU-30']),
  f('token', 'token-json-body-accepted', 'a token request with a JSON body is read like the form', ['AU-32']),
  f('token', 'token-client-id-mismatch-accepted', "a client_id parameter naming another client than the assertion's issuer is ignored", ['AU-34']),
  f('token', 'token-wildcard-refused', 'wildcard read scopes (system/*.read, system/*.rs) are never granted', ['AU-44']),
  f('token', 'introspect-active-bare', 'introspection of a live token answers only active:true (no client_id, scope, exp)', ['AU-38']),
  f('token', 'token-requires-client-id', 'private_key_jwt requests are refused unless they also carry a client_id parameter', ['AU-25']),
  f('token', 'token-bad-grant-500', 'an unsupported grant_type answers 500 instead of an OAuth error', ['AU-27']),
  f('token', 'token-client-auth-invalid-request', 'a failed client authentication answers 400 invalid_request instead of invalid_client', [
    'AU-29',
    'AU-33',
    'AU-35',
    'AU-36',
    'AU-50',
    'AU-51',
    'AU-52',
    'AU-53',
    'AU-54',
    'AU-55',
    'AU-57',
    'AU-59',
    'AU-60',
    'AU-61',
    'AU-62',
    'AU-31',
  ]),
  f('token', 'token-unknown-client-500', 'an assertion from an unregistered client answers 500 instead of invalid_client', ['AU-29']),
  f('token', 'token-errors-not-json', 'token endpoint errors are text/plain, not the OAuth JSON error shape', ['AU-37']),
  f('token', 'token-no-cache-control', 'token responses lack Cache-Control: no-store and Pragma: no-cache', ['AU-08']),
  f('token', 'token-type-not-bearer', 'token_type is not Bearer', ['AU-26']),
  f('token', 'introspect-inactive-leaks', 'introspection of an inactive token returns more than active:false', ['AU-14']),
  f('token', 'revocation-ignored', 'revoked tokens stay valid', ['AU-18', 'AU-14']),
  // resource server (HealthLake's enforcement of the Lambda answer)
  f('resource-server', 'rs-no-token-accepted', 'a FHIR request without a bearer token is served', ['AU-19', 'AU-20']),
  f('resource-server', 'rs-expired-token-accepted', 'an expired access token is accepted', ['HL-46']),
  f('resource-server', 'rs-nbf-ignored', 'an access token whose nbf is in the future is accepted', ['HL-46']),
  f('resource-server', 'rs-aud-ignored', 'an access token for another data store is accepted', ['HL-46']),
  f('resource-server', 'rs-unauthorized-accepted', 'isAuthorized:false from the validator is ignored', ['AU-21', 'HL-46']),
  f('resource-server', 'rs-scopes-ignored', 'interactions no scope grants are served', ['AU-22', 'TX-24']),
  f('resource-server', 'rs-compartment-ignored', "patient/ scopes reach outside the patient's compartment", ['AU-63']),
  f('resource-server', 'rs-granular-filter-ignored', 'v2 granular scope filters are not applied to search results', ['AU-23']),
  f('resource-server', 'rs-scope-denied-as-401', 'a scope denial answers 401 instead of 403', ['AU-67']),
  f('resource-server', 'rs-nonresource-token-full-access', 'a token whose scopes name no resource (openid, junk, an unknown action) is issued as asked and reaches everything', [
    'AU-40',
    'AU-41',
    'AU-45',
  ]),
  // search
  f('search', 'search-string-exact-only', 'string parameters match whole values only, not prefixes', ['SE-05', 'SE-30']),
  f('search', 'search-prefix-ignored', 'date and quantity prefixes (gt, lt, ge, le, …) are treated as eq', ['SE-12', 'SE-13', 'SE-30']),
  f('search', 'search-last-page-dropped', 'the page before the last has no next link', ['SE-02', 'SE-19']),
  f('search', 'search-wrong-total', 'Bundle.total is one more than the matches', ['SE-03', 'SE-24']),
  f('search', 'search-includes-missing', '_include adds nothing', ['SE-20', 'SE-30']),
  f('search', 'search-revinclude-missing', '_revinclude adds nothing', ['SE-21']),
  f('search', 'search-unstable-sort', 'ties in _sort are broken differently on every page', ['SE-22']),
  f('search', 'search-count-ignored', '_count is ignored (pages of 20)', ['SE-02']),
  f('search', 'search-not-modifier-ignored', ':not matches like equality', ['SE-10', 'SE-30']),
  f('search', 'search-token-system-ignored', 'system|code matches the code in any system', ['SE-09', 'SE-30']),
  f('search', 'search-post-body-ignored', 'POST _search ignores its form body', ['SE-17']),
  f('search', 'search-strict-ignored', 'Prefer: handling=strict is ignored: unknown parameters are dropped silently', ['SE-25']),
  f('search', 'search-extra-params-dropped', 'only the first filtering parameter of a search is applied', ['SE-16']),
  f('search', 'search-summary-count-ignored', '_summary=count answers the entries as well', ['SE-23']),
  f('search', 'search-chain-ignored', 'chained parameters and _has match everything', ['SE-08', 'SE-30']),
  f('search', 'search-or-first-only', 'a comma list matches its first value only', ['SE-15', 'SE-01']),
  f('search', 'search-missing-ignored', ':missing matches everything', ['SE-11']),
  f('search', 'search-contains-as-prefix', ':contains matches prefixes only', ['SE-06', 'SE-30']),
  f('search', 'search-string-case-sensitive', 'string search compares case (Smith ≠ smith)', ['SE-28']),
  f('search', 'search-reference-url-ignored', 'a reference searched by absolute URL matches only references stored as that URL', ['SE-07']),
  f('search', 'search-deleted-visible', 'deleted resources still match searches', ['TX-12']),
  // transactions and CRUD
  f('transactions', 'tx-not-atomic', 'a failing transaction keeps the entries before the failure', ['TX-22']),
  f('transactions', 'tx-urn-not-rewritten', 'urn:uuid references are stored as sent', ['TX-17']),
  f('transactions', 'tx-404-not-410', 'reading a deleted resource answers 404, not 410', ['TX-11']),
  f('transactions', 'tx-if-match-ignored', 'If-Match with a stale version is not refused', ['TX-07']),
  f('transactions', 'tx-version-not-bumped', 'an update keeps the old versionId', ['TX-05']),
  f('transactions', 'tx-conditional-create-duplicates', 'If-None-Exist is ignored: one match creates a duplicate, several create one more', ['TX-04', 'TX-18', 'TX-20']),
  f('transactions', 'tx-no-location', 'create answers without a Location header', ['TX-03']),
  f('transactions', 'tx-no-etag', 'reads answer without an ETag', ['TX-32']),
  f('transactions', 'tx-read-plain-json', 'reads answer as application/json, not application/fhir+json', ['TX-01']),
  f('transactions', 'read-unknown-type-500', 'a request for an unknown resource type answers 500', ['TX-02', 'SE-04']),
  f('transactions', 'tx-conditional-delete-ignored', 'conditional delete answers 204 and deletes nothing', ['TX-10']),
  f('transactions', 'tx-history-since-ignored', 'history ignores _since', ['TX-14']),
  f('transactions', 'tx-history-oldest-first', 'history lists the oldest version first', ['TX-16']),
  f('transactions', 'tx-processing-order-ignored', 'transaction entries run in the order sent, not DELETE, POST, PUT, GET', ['TX-21']),
  f('transactions', 'tx-duplicate-entries-accepted', 'a transaction with two entries on one resource is accepted', ['TX-23']),
  f('transactions', 'tx-batch-all-or-nothing', 'a batch fails whole at its first failing entry', ['TX-28']),
  f('transactions', 'tx-accept-ignored', 'Accept and _format are ignored: XML requests get JSON with 200', ['TX-30']),
  f('transactions', 'tx-patch-test-ignored', 'JSON Patch test operations always pass', ['TX-31']),
  f('transactions', 'write-drops-every-100th', 'every 100th create or update is acknowledged but not stored', ['RC-01']),
  f('transactions', 'tx-vread-current', 'vread of any version answers the current version', ['TX-09', 'TX-15']),
  f('transactions', 'tx-conditional-update-creates', 'conditional update (alone or in a transaction) always creates, even when one resource matches', ['TX-06', 'TX-19']),
  f('transactions', 'tx-base-accepts-non-bundle', 'POST to the base with a non-Bundle answers 200', ['TX-29']),
  f('transactions', 'tx-history-missing-versions', 'instance history lists only the current version', ['TX-13']),
  // bulk export
  f('bulk-export', 'export-no-content-location', 'the kick-off 202 has no Content-Location', ['BE-01']),
  f('bulk-export', 'export-manifest-no-output', 'the complete manifest has no output array', ['BE-14']),
  f('bulk-export', 'export-relative-urls', 'output urls are relative paths, not absolute URLs', ['BE-16']),
  f('bulk-export', 'export-wrong-ndjson-content-type', 'NDJSON files are served as application/json', ['BE-17']),
  f('bulk-export', 'export-file-scope-unchecked', "files download with a token whose scopes do not cover the file's type", ['AU-24']),
  f('bulk-export', 'export-post-body-ignored', "a POST kick-off's Parameters body is ignored", ['BE-02']),
  f('bulk-export', 'export-output-format-strict', '_outputFormat accepts only application/fhir+ndjson, not its abbreviations', ['BE-06']),
  f('bulk-export', 'export-output-format-unchecked', 'any _outputFormat is accepted (and NDJSON produced)', ['BE-07']),
  f('bulk-export', 'export-unknown-type-accepted', 'unknown _type values are dropped silently without handling=lenient', ['BE-12']),
  f('bulk-export', 'export-manifest-request-wrong', "the manifest's request is the base URL, not the kick-off", ['BE-15']),
  f('bulk-export', 'export-files-survive-delete', 'files of a deleted export still download', ['BE-22']),
  f('bulk-export', 'export-access-token-not-enforced', 'files download without a token although requiresAccessToken is true', ['BE-18']),
  f('bulk-export', 'export-cancel-ignored', 'DELETE on the status URL does not cancel (the job still answers)', ['BE-21']),
  f('bulk-export', 'export-no-retry-after', 'in-progress status answers carry no Retry-After', ['BE-13']),
  f('bulk-export', 'export-errors-not-outcome', 'a refused kick-off answers {"message": …}, not an OperationOutcome', ['BE-23']),
  f('bulk-export', 'export-since-ignored', '_since is ignored (everything is exported)', ['BE-08']),
  f('bulk-export', 'export-type-ignored', '_type is ignored (every type is exported)', ['BE-09']),
  // import
  f('import', 'import-drops-every-1000th', 'every 1,000th resource is counted as imported but not stored', ['IM-01']),
  f('import', 'import-strict-accepts-invalid', 'strict imports resources that fail validation', ['HL-10']),
  f('import', 'import-structure-only-rejects-valid', 'structure-only rejects valid resources that only break profile rules', ['HL-32']),
  f('import', 'import-counters-wrong', 'the job counters do not add up (scanned ≠ imported + errors)', ['HL-11']),
  f('import', 'import-no-failure-output', 'rejected lines are not written to FAILURE/', ['IM-05']),
  f('import', 'control-plane-endpoint-mismatch', 'DescribeFHIRDatastore names an endpoint without its /r4/', ['HL-03']),
  f('import', 'control-plane-metadata-stale', "the data store's SMART Metadata names another token_endpoint than .well-known", ['HL-02']),
  f('import', 'control-plane-undocumented-status', 'DescribeFHIRExportJob reports a running job as RUNNING', ['HL-12']),
  f('import', 'control-plane-start-answer-incomplete', 'StartFHIRExportJob answers without DatastoreId', ['HL-14']),
  f('bulk-export', 'export-healthlake-answer-wrong', "HealthLake's FHIR $export answers an OperationOutcome instead of {datastoreId, jobStatus, jobId}", ['HL-16']),
  f('import', 'control-plane-sigv4-unchecked', 'control-plane requests with a bad SigV4 signature are served', ['HL-09']),
  // the reference token-validator Lambda (server/auth/reference-lambda.ts), for the healthlake-lambda suite
  f('lambda', 'lambda-no-role-arn', 'the handler answers without iamRoleARN', ['HL-05']),
  f('lambda', 'lambda-drops-nbf', 'authPayload has no nbf', ['HL-06']),
  f('lambda', 'lambda-slow', 'the handler takes 1.1 s to answer', ['HL-07']),
  f('lambda', 'lambda-exp-refreshed', 'expired tokens are accepted and exp is replaced with a fresh one', ['HL-08']),
  f('lambda', 'lambda-nbf-rewritten', 'tokens not yet valid are accepted and nbf is replaced with now', ['HL-40']),
  f('lambda', 'lambda-aud-rewritten', "aud is not checked and is replaced with the event's datastoreEndpoint", ['HL-41']),
  f('lambda', 'lambda-signature-unchecked', 'token signatures are not verified', ['HL-42']),
  f('lambda', 'lambda-throws-on-malformed', 'a token that is not a JWT makes the handler throw', ['HL-43']),
  f('lambda', 'lambda-event-unchecked', 'an event missing datastoreEndpoint is handled like a complete one', ['HL-44']),
  f('lambda', 'lambda-scope-widened', 'authPayload.scope adds system/*.* to the token scope', ['HL-45']),
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
