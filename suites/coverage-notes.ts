// Catalogue rows that have no check of their own, and why: either what the row asks is held
// elsewhere (another check, the healthlake target profile, a variant the self-test runs every check
// under), or it is not a rule a server can be failed on (a client obligation, a choice the spec
// leaves to the server, a property of the test data). Rows not listed here and without a check are
// simply not done yet; `conform --coverage` shows the three apart.

export type NoteKind = 'elsewhere' | 'no-rule'

export interface CoverageNote {
  kind: NoteKind
  why: string
}

const elsewhere = (why: string): CoverageNote => ({ kind: 'elsewhere', why })
const noRule = (why: string): CoverageNote => ({ kind: 'no-rule', why })

const HL_SEARCH_SUBSET =
  'the healthlake target profile (profiles/index.ts) lists what HealthLake does not document (modifiers, prefixes, totals, combinations, the page size); the checks it touches are marked deviations there, and the healthlake-search variant holds every check to that subset'

export const COVERAGE_NOTES: Readonly<Record<string, CoverageNote>> = {
  'SD-10': noRule(
    'which capabilities a server claims is its own choice in SMART App Launch; the (g)(10) kit asks for a certification scenario. Each Shoreline check applies where its capability is claimed (suites/needs.ts)',
  ),
  'AU-06': noRule('a server may grant fewer scopes than were asked for, and says which in the token response; the auth checks judge the scope granted, not the one asked'),
  'AU-39': noRule(
    "which scopes a tester's app asks for by default is the tester's choice, not the server's: Shoreline's asks `launch/patient patient/*.rs offline_access` (with `openid fhirUser` where it judges the id_token), and the checks judge what is granted",
  ),
  'AU-42': noRule(
    'BDT assumes a read-only bulk data server: one that also serves writes (as HealthLake does) may grant write for `system/*.*` or `system/Patient.*`, and v1 scopes are the optional `permission-v1` capability. What is granted is what the resource server must enforce: AU-22 (type), TX-24 (a write with a read-only token), AU-67 (403); AU-44 judges wildcard v1 and v2 grants',
  ),
  'AU-43': noRule(
    'RFC 6749 lets a server grant a scope other than the one asked for, provided the token response says which: granting c/u/d beside `rs` is not a fault of its own. A read-only grant is enforced: TX-24 fails a server that lets a `system/Patient.rs` token write, AU-22 one that lets it read another type',
  ),
  'AU-46': noRule(
    'explicit write scopes are refused only by a read-only bulk data server, as BDT assumes; a FHIR data store that supports writes grants them, and AU-64 judges the error code when a scope is refused',
  ),
  'BE-03': noRule('the Bulk Data IG lets a server either refuse a kick-off without Accept or treat it as application/fhir+json'),
  'BE-04': noRule(
    'Prefer: respond-async is a client obligation (requirement BULK-2); the IG sets no server behaviour without it, and the export-without-prefer variant shows a server that accepts such a kick-off is not failed',
  ),
  'BE-19': noRule('a property of the test data (a Group with two or more members), not of the server'),
  'IM-02': noRule(
    "importing earlier versions and soft-deleted resources is an option of Microsoft's own `$import`; neither the Bulk Data import proposal nor HealthLake's StartFHIRImportJob asks for it (each line is written as the current version). That imported resources are searchable, their indexes built, is IM-01",
  ),
  'HL-01': elsewhere(
    "SD-01 fetches the discovery document at the data store's FHIR base, without credentials, as every SD check does; HL-02 compares it with IdentityProviderConfiguration.Metadata",
  ),
  'HL-13': elsewhere(
    "quotas, not behaviour: the healthlake target profile carries the import quotas Shoreline keeps to (files per job, MB per file), and import splits and batches to them (IMPORT-04 in the project's tests)",
  ),
  'HL-18': elsewhere(
    "the healthlake target profile sizes Shoreline's own Bundles (100 synchronous, 500 asynchronous), and the healthlake-bundles variant (100 entries, asynchronous transactions, unordered batches) holds every check to it; TX-28 and TX-27 judge batch independence",
  ),
  'HL-28': elsewhere(
    "what a server does with a search parameter it does not support is SE-25's rule (an error under `Prefer: handling=strict`); no check, scenario or ground-truth query of Shoreline's sends any of the parameters HealthLake leaves out (`_content`, `_query`, Location `near`, the Bundle, Consent and Contract ones)",
  ),
  'HL-23': noRule(
    "limits on what HealthLake offers, not obligations a server can be failed on (no search or create of OperationOutcome and Parameters, AuditEvent created and read only, VerificationResult on newer data stores, DocumentReference notes of at most 10,000 characters). Every check applies only to the interactions the target's CapabilityStatement declares (suites/needs.ts); Shoreline sends Parameters only as an operation's input and writes no AuditEvent or VerificationResult; the generator's notes stay under the note limit (NOTES-01 in the project's tests)",
  ),
  'CS-04': noRule(
    "US Core 6.1's Server CapabilityStatement lists what a US Core server SHALL do, and declaring `instantiates` is not among them. Shoreline reads `instantiates` (or a US Core profile listed) as the claim that makes US Core checks apply; CS-06 then judges the SHALL that follows, the Patient profile and one more",
  ),
  'AU-03': noRule(
    "the EHR launch starts in an EHR's user interface, which sends the browser to the app's launch URL with `iss` and `launch`: the EHR is the actor, not the FHIR data store or its authorization server, and HealthLake documents the standalone launch only (`launch/patient`). What the authorization server does with the context it grants is judged in the standalone flow: AU-07 (`fhirContext`), AU-63 (the patient in context and no other)",
  ),
  'HL-20': noRule('message Bundles are open only to allow-listed accounts: nothing a data store must do for every caller'),
  'SE-26': noRule(
    'R4 lets a server return fewer resources than `_count` asks for without saying why (an OperationOutcome in the Bundle is allowed, not required); never more than `_count` is SE-02, and the page-size-100 variant shows a server that refuses a larger `_count` is not failed. How large a POST search body a server takes is its own limit',
  ),
  'TX-08': noRule(
    "R4 says an update creates a new current version and sets no exception for one that changes nothing; whether to skip the version is the server's choice (the row comes from Microsoft's own E2E tests of its server)",
  ),
  'HL-24': elsewhere(HL_SEARCH_SUBSET),
  'HL-25': elsewhere(HL_SEARCH_SUBSET),
  'HL-26': elsewhere(HL_SEARCH_SUBSET),
  'HL-27': elsewhere(HL_SEARCH_SUBSET),
  'HL-30': elsewhere(
    "limits, not behaviour: the healthlake target profile sizes Bundles to them, and `serve --capacity` models HealthLake's per-second capacity units for load tests (docs/reference-server.md)",
  ),
  'HL-31': elsewhere(
    "rate limits, not behaviour: `serve --capacity` models the per-second units for load tests, and the scenarios read discovery once, in k6's setup(), never inside the load loop",
  ),
}
