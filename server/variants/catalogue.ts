// Legal variants (DESIGN.md "Variants are the other half"): behaviour that real, conformant servers
// show and that differs from the reference server's defaults. Off unless named
// (`shoreline serve --variant NAME`). Faults prove a check can fail; variants prove it does not fail
// for the wrong reason: the self-test runs every check under every variant and allows only pass,
// skip or warn. Each row says what changes and which rule makes it legal.
import { parseNames } from '../named-switches.js'

export interface Variant<N extends string = string> {
  name: N
  /** What the server does differently while this variant is on. */
  does: string
  /** Why that is conformant: the rule that allows it. */
  legalBecause: string
}

const v = <const N extends string>(name: N, does: string, legalBecause: string): Variant<N> => ({ name, does, legalBecause })

const SMART_METADATA = 'https://hl7.org/fhir/smart-app-launch/STU2.1/conformance.html#metadata'

export const VARIANTS = [
  v(
    'backend-services-only',
    'SMART Backend Services only: no authorization endpoint, no launch capabilities, client_credentials the only grant',
    `authorization_endpoint is required only with launch-ehr or launch-standalone, and authorization_code only where app launch is supported (${SMART_METADATA})`,
  ),
  v(
    'no-introspection-revocation',
    'no introspection and no revocation endpoint, in discovery or the CapabilityStatement',
    `both endpoints are RECOMMENDED, not required (${SMART_METADATA})`,
  ),
  v(
    'no-openid',
    'no sso-openid-connect: discovery names no issuer and no jwks_uri',
    `issuer and jwks_uri are required only with the sso-openid-connect capability (${SMART_METADATA})`,
  ),
  v(
    'opaque-version-ids',
    'version ids are opaque strings, not numbers, in meta.versionId, ETag and _history URLs',
    'Resource.meta.versionId is an id, a string the server assigns (https://hl7.org/fhir/R4/resource.html#Meta); history order comes from the history bundle (https://hl7.org/fhir/R4/http.html#history)',
  ),
  v(
    'oauth-uris-minimal',
    "the CapabilityStatement's oauth-uris extension names only authorize and token; discovery still lists introspection and revocation",
    'introspect, revoke and manage are optional sub-extensions of oauth-uris (https://hl7.org/fhir/smart-app-launch/STU2.1/StructureDefinition-oauth-uris.html)',
  ),
  v(
    'update-no-location',
    'an update that changes an existing resource answers 200 without a Location header',
    'R4 http update: a 200 answers with ETag and Last-Modified; a Location header is asked for (SHOULD) only when the update created the resource, with 201 (https://hl7.org/fhir/R4/http.html#update)',
  ),
  v(
    'no-update-create',
    'the server assigns every id: a PUT to an id it never issued answers 405, and the CapabilityStatement says updateCreate false',
    'update-as-create is optional: a server declares whether it allows clients to create resources by id with updateCreate (https://hl7.org/fhir/R4/capabilitystatement-definitions.html#CapabilityStatement.rest.resource.updateCreate; https://hl7.org/fhir/R4/http.html#upsert)',
  ),
  v(
    'introspection-bearer-auth',
    'the introspection endpoint authorizes its caller with a bearer access token and refuses client assertions (401)',
    'SMART lets the introspection endpoint authorize callers by client authentication or by a bearer token (https://hl7.org/fhir/smart-app-launch/STU2.1/token-introspection.html#authorization-to-introspect)',
  ),
  v(
    'cursor-paging',
    'search paging links carry one opaque _page token instead of the query with _offset, and every searchset has Bundle.total',
    'paging links are opaque to clients, which follow them as given (https://hl7.org/fhir/R4/http.html#paging); Bundle.total is optional and may be sent whether or not _total asks (https://hl7.org/fhir/R4/search.html#total)',
  ),
  v(
    'signed-export-urls',
    'export manifests say requiresAccessToken false and list signed, expiring file URLs that download without a token (and refuse an unsigned or altered URL)',
    'requiresAccessToken false is for file servers that do not take the bearer token, such as signed URLs; the IG leaves how such URLs are protected to the server (https://hl7.org/fhir/uv/bulkdata/STU2/export.html#response---complete-status)',
  ),
  v(
    'ec-only-jwks',
    "the server's only key is EC P-384: jwks_uri serves that one key, access tokens are signed ES384, and sso-openid-connect is not claimed",
    "jwks_uri is required (and an RSA key expected, for RS256 id_tokens) only with sso-openid-connect; which key signs access tokens is the server's choice (https://hl7.org/fhir/smart-app-launch/STU2.1/conformance.html#metadata)",
  ),
  v(
    'no-terminology-validation',
    'FHIR API writes are not checked against required value-set bindings: a code outside its binding is stored (structure is still validated)',
    'R4 leaves how far a server validates to the server: it may accept content it does not check (https://hl7.org/fhir/R4/validation.html#level; https://hl7.org/fhir/R4/http.html#update)',
  ),
  v(
    'page-size-100',
    'searches page at most 100 resources: a larger _count, or _count=0, is refused with 400 (HealthLake)',
    'a server need not return more than its maximum page, and R4 leaves what it does with a larger _count to the server; HealthLake documents 100 as the maximum and larger values as invalid (https://hl7.org/fhir/R4/search.html#count; https://docs.aws.amazon.com/healthlake/latest/devguide/reference-fhir-search-parameters.html)',
  ),
  v(
    'export-without-prefer',
    'a bulk export kick-off without Prefer: respond-async is accepted and runs asynchronously',
    'Prefer: respond-async is a requirement on the client; the Bulk Data IG sets no server behaviour for a kick-off without it (https://hl7.org/fhir/uv/bulkdata/STU2/export.html#headers)',
  ),
  v(
    'default-scope',
    "a backend token request without a scope is granted the client's registered scope (and the token reaches exactly that)",
    "RFC 6749 lets the authorization server apply a pre-defined default scope when the request names none, saying so in the response's scope (https://www.rfc-editor.org/rfc/rfc6749#section-3.3)",
  ),
  v(
    'refresh-rotation',
    'each refresh issues a new refresh_token and retires the one it used (a second use is invalid_grant)',
    'the authorization server MAY issue a new refresh token, and the client then discards the old one (https://www.rfc-editor.org/rfc/rfc6749#section-6; https://hl7.org/fhir/smart-app-launch/STU2.1/app-launch.html#step-7-refresh)',
  ),
  v(
    'non-outcome-401',
    'a request refused for its token (401) answers an OAuth-style JSON body {"error":"invalid_token"}, not an OperationOutcome',
    'RFC 6750 puts the error in WWW-Authenticate and defines no body (https://www.rfc-editor.org/rfc/rfc6750#section-3); FHIR asks for an OperationOutcome on errors only as a SHOULD (https://hl7.org/fhir/R4/http.html#Status-Codes)',
  ),
  v(
    'eventual-search',
    'search is eventually consistent: a resource written without x-amz-fhir-history-consistency-level: strong is left out of search results for --index-lag-ms (2 s by default); a search or write that sends the header sees it at once; reads by id are never delayed',
    'R4 sets no time within which a write must be visible to search; HealthLake documents its search index as eventually consistent, with the header for strong consistency (https://hl7.org/fhir/R4/search.html; https://docs.aws.amazon.com/healthlake/latest/devguide/searching-fhir-consistency-levels.html)',
  ),
  v(
    'healthlake-bundles',
    'Bundles as HealthLake takes them: at most 100 entries synchronously (422 above); a transaction with Prefer: respond-async takes up to 500 (no PATCH or conditional PUT) and answers 202 with a polling URL (Transaction/{id}) that gives the transaction-response; a batch cannot be asynchronous (400), and its entries run in no guaranteed order (here last to first)',
    'R4 sets no Bundle size a server must accept, allows the asynchronous pattern where the client prefers it, and makes batch entries independent (no order); HealthLake documents these limits (https://hl7.org/fhir/R4/http.html#transaction; https://hl7.org/fhir/async-bundle.html; https://docs.aws.amazon.com/healthlake/latest/devguide/managing-fhir-resources-bundle.html)',
  ),
  v(
    'healthlake-search',
    'search takes only what HealthLake documents: the modifiers :above, :in, :not-in, :of-type and :[type], the prefix ap, more than 5 _sort keys or a nested one, _elements with _summary, and a chain or _has matching more than 100 at any level are refused with 400',
    'servers SHALL reject a search parameter with a modifier they do not support, and need not support every prefix or sort (https://hl7.org/fhir/R4/search.html#modifiers; https://hl7.org/fhir/R4/search.html#_sort; https://docs.aws.amazon.com/healthlake/latest/devguide/reference-fhir-search-parameters.html)',
  ),
  v(
    'no-us-core-claims',
    'the CapabilityStatement names no profile: no supportedProfile on any resource',
    'a FHIR server need not claim US Core; supportedProfile is optional (0..*) and US Core binds only servers that claim it (https://hl7.org/fhir/R4/capabilitystatement-definitions.html#CapabilityStatement.rest.resource.supportedProfile)',
  ),
  v(
    'us-core-status-required',
    'a search by patient of a type with a status (Observation, Condition, AllergyIntolerance, MedicationRequest, …) that names no status is refused with 400 and an OperationOutcome; with a status it is answered',
    'US Core lets a server require a status parameter, provided it refuses with 400 and an OperationOutcome and answers the search that names one (https://hl7.org/fhir/us/core/STU6.1/general-guidance.html#search-for-servers-requiring-status)',
  ),
  v(
    'single-value-references',
    'a reference search parameter takes one value: a comma list (`patient=Patient/a,Patient/b`) is refused with 400 and an OperationOutcome; other parameters take lists',
    "whether a parameter takes a comma list of values is the server's choice (R4 SearchParameter.multipleOr), and US Core gives a list of references MAY (https://hl7.org/fhir/R4/searchparameter-definitions.html#SearchParameter.multipleOr; https://hl7.org/fhir/us/core/STU6.1/SearchParameter-us-core-condition-patient.html)",
  ),
  v(
    'referential-integrity',
    'a delete of a resource another live resource refers to is refused with 409 Conflict (a plain delete or a batch entry at once; a transaction once all its entries have run, so one deleting a whole record passes in any order)',
    'R4 http delete: a server that refuses to delete a resource for reasons specific to it, such as referential integrity, returns 409 Conflict (https://hl7.org/fhir/R4/http.html#delete)',
  ),
] as const

/** Every variant's name: a misspelt name does not compile. */
export type VariantName = (typeof VARIANTS)[number]['name']

/** The variants in force. */
export type Variants = ReadonlySet<VariantName>
export const NO_VARIANTS: Variants = new Set<VariantName>()

const NAMES: ReadonlySet<string> = new Set<string>(VARIANTS.map((x) => x.name))

export function isVariantName(name: string): name is VariantName {
  return NAMES.has(name)
}

/** `a,b` → a set, or an error naming the unknown ones. */
export function parseVariants(names: readonly string[]): Variants {
  return parseNames(names, isVariantName, 'variant')
}
