// The User-access Brands Bundle the reference server publishes (SMART App Launch 2.2, "User-access
// Brands and Endpoints"): one brand (an Organization) and the FHIR endpoint its users connect to,
// in a `collection` Bundle with a timestamp, named by `user_access_brand_bundle` in the SMART
// configuration. Served without a token: the bundle is public by design.
import type { Faults } from '../faults/catalogue.js'

export const BRANDS_PATH = '/brands/bundle.json'
const PROFILE = 'http://hl7.org/fhir/smart-app-launch/StructureDefinition'
/** The last change to the bundle's content: fixed, as a published bundle's is until it changes. */
const CHANGED = '2026-01-01T00:00:00Z'

/** The bundle for the FHIR base `base` (its origin serves it). */
export function brandsBundle(base: string, faults: Faults): Record<string, unknown> {
  const origin = new URL(base).origin
  const at = `${origin}/brands/`
  // brands-endpoint-unresolvable: the endpoint's address is a path that serves nothing.
  const address = faults.has('brands-endpoint-unresolvable') ? `${origin}/retired/r4/` : base
  const organization = {
    resourceType: 'Organization',
    id: 'shoreline',
    meta: { profile: [`${PROFILE}/user-access-brand`], lastUpdated: CHANGED },
    identifier: [{ system: 'urn:ietf:rfc:3986', value: 'https://shoreline.invalid' }],
    active: true,
    name: 'Shoreline reference server',
    telecom: [{ system: 'url', value: 'https://shoreline.invalid' }],
    // brands-endpoint-unbranded: no brand names the endpoint.
    ...(faults.has('brands-endpoint-unbranded') ? {} : { endpoint: [{ reference: 'Endpoint/shoreline-r4' }] }),
  }
  const endpoint = {
    resourceType: 'Endpoint',
    id: 'shoreline-r4',
    meta: { profile: [`${PROFILE}/user-access-endpoint`], lastUpdated: CHANGED },
    extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/endpoint-fhir-version', valueCode: '4.0.1' }],
    status: 'active',
    connectionType: { system: 'http://terminology.hl7.org/CodeSystem/endpoint-connection-type', code: 'hl7-fhir-rest' },
    name: 'Shoreline reference server, FHIR R4',
    payloadType: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/endpoint-payload-type', code: 'none' }] }],
    address,
  }
  return {
    resourceType: 'Bundle',
    id: 'shoreline-brands',
    meta: { profile: [`${PROFILE}/user-access-brands-bundle`], lastUpdated: CHANGED },
    type: 'collection',
    // brands-no-timestamp: the bundle does not say when its content last changed.
    ...(faults.has('brands-no-timestamp') ? {} : { timestamp: CHANGED }),
    entry: [
      { fullUrl: `${at}Organization/shoreline`, resource: organization },
      { fullUrl: `${at}Endpoint/shoreline-r4`, resource: endpoint },
    ],
  }
}
