// The CapabilityStatement (GET metadata): what this server claims, built once per configuration.
import { resourceTypes } from '../../lib/validation/element-walk.js'
import { VALIDATE_DEFINITION } from './validate.js'
import { paramsFor } from '../search/registry.js'
import { US_CORE_RESOURCES } from '../../lib/us-core/index.js'
import { faultsOf, variantsOf, type Env, type Reply } from './types.js'

const capabilityCache = new Map<string, unknown>()

export function capabilities(env: Env): Reply {
  // Built once per base, auth and faults: it compiles every type's search parameters.
  const key = JSON.stringify([env.base, env.smart, [...faultsOf(env)].sort(), [...variantsOf(env)].sort(), (env.operations ?? []).map((o) => o[1])])
  let body = capabilityCache.get(key)
  if (!body) {
    body = capabilityBody(env)
    capabilityCache.set(key, body)
  }
  // SMART App Launch 2.2 asks for CORS on metadata as on .well-known (browser apps read both).
  return { status: 200, body, headers: faultsOf(env).has('metadata-no-cors') ? {} : { 'Access-Control-Allow-Origin': '*' } }
}

/** rest.security for SMART (SMART App Launch 2.x §"Declaring support": service coding + oauth-uris). */
function security(env: Env) {
  if (!env.smart || faultsOf(env).has('capability-no-security')) return {}
  return {
    security: {
      extension: [
        {
          url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
          extension: [
            ...(env.smart.authorize ? [{ url: 'authorize', valueUri: env.smart.authorize }] : []),
            { url: 'token', valueUri: faultsOf(env).has('capability-oauth-uris-mismatch') ? env.smart.token.replace(/\/auth\/token$/, '/oauth2/token') : env.smart.token },
            // oauth-uris-minimal: introspect and revoke are optional in the extension.
            ...(env.smart.introspect && !variantsOf(env).has('oauth-uris-minimal') ? [{ url: 'introspect', valueUri: env.smart.introspect }] : []),
            ...(env.smart.revoke && !variantsOf(env).has('oauth-uris-minimal') ? [{ url: 'revoke', valueUri: env.smart.revoke }] : []),
          ],
        },
      ],
      service: [
        {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }],
          text: 'OAuth2 using SMART-on-FHIR profile (see http://docs.smarthealthit.org)',
        },
      ],
    },
  }
}

function capabilityBody(env: Env): unknown {
  const types = [...resourceTypes()].filter((t) => t !== 'Bundle' && t !== 'Parameters' && t !== 'OperationOutcome').sort()
  const supported = new Set(['string', 'token', 'date', 'reference', 'quantity', 'number', 'uri'])
  const exportDeclared = (env.operations ?? []).some((o) => o[1].endsWith('$export')) && !faultsOf(env).has('capability-no-export')
  const f = faultsOf(env)
  return {
    resourceType: f.has('capability-not-a-capability-statement') ? 'Conformance' : 'CapabilityStatement',
    status: 'active',
    date: '2026-01-01',
    kind: 'instance',
    software: { name: 'shoreline reference server' },
    implementation: { description: 'Shoreline embedded reference server', url: env.base },
    fhirVersion: f.has('capability-wrong-fhir-version') ? '3.0.2' : '4.0.1',
    format: f.has('capability-no-json-format') ? ['xml', 'application/fhir+xml'] : ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json'],
    ...(exportDeclared ? { instantiates: ['http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data'] } : {}),
    rest: [
      {
        mode: 'server',
        ...security(env),
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'history-system' }],
        ...(exportDeclared
          ? {
              operation: [
                { name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export' },
                { name: 'patient-export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export' },
                { name: 'group-export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export' },
              ],
            }
          : {}),
        resource: types.map((type) => ({
          type,
          versioning: 'versioned-update',
          readHistory: true,
          updateCreate: !variantsOf(env).has('no-update-create'),
          conditionalCreate: true,
          conditionalUpdate: true,
          conditionalDelete: 'multiple',
          interaction: ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'history-type', 'create', 'search-type'].map((code) => ({ code })),
          ...usCoreClaims(env, type),
          operation: [
            { name: 'validate', definition: VALIDATE_DEFINITION },
            ...(type === 'Patient' ? [{ name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' }] : []),
          ],
          searchInclude: [...paramsFor(type).values()].filter((p) => p.type === 'reference').map((p) => `${type}:${p.code}`),
          searchParam: [
            { name: '_lastUpdated', type: 'date' },
            ...[...paramsFor(type).values()]
              .filter((p) => supported.has(p.type))
              .map((p) => ({ name: p.code, type: f.has('capability-search-param-types-wrong') ? 'string' : p.type })),
          ],
        })),
      },
    ],
  }
}

/** The US Core profiles a type's data conforms to (the reference server serves US Core data; see US-03). */
function usCoreClaims(env: Env, type: string): { supportedProfile?: string[] } {
  if (variantsOf(env).has('no-us-core-claims')) return {}
  const profiles = US_CORE_RESOURCES.find((r) => r.type === type)?.profiles ?? []
  const listed = type === 'Patient' && faultsOf(env).has('us-core-patient-unclaimed') ? [] : profiles
  return listed.length ? { supportedProfile: [...listed] } : {}
}
