import type { FhirResource } from 'fhir-kit-client'
import { expect, shown, type Check } from '../check.js'
import { call, failed, HTTP, KIT, LIB, loadLibrary } from './shared.js'

export const check: Check = {
  id: 'IO-01',
  title: "fhir-kit-client reads the CapabilityStatement, and its CapabilityTool finds the server's interactions",
  description: `An app calls [${LIB}](${KIT})'s \`capabilityStatement()\` (\`GET [base]/metadata\`) and hands the answer to its \`CapabilityTool\`: it must get an R4 CapabilityStatement whose \`rest\` entry in mode \`server\` declares the interactions of at least one resource type ([R4 http, capabilities](${HTTP}#capabilities)).`,
  verifies: ['FHIR-HTTP-CAP-1', 'FHIR-HTTP-CAP-2'],
  level: 'SHALL',
  async run(ctx) {
    const r = await call(ctx, 'io-metadata', (c) => c.capabilityStatement())
    expect(!r.error && r.value, `expected ${LIB}'s capabilityStatement() to read \`metadata\`; ${failed(r)}`)
    const cs = r.value as { resourceType?: unknown; fhirVersion?: unknown; rest?: Array<{ resource?: Array<{ type?: string }> }> }
    expect(cs.resourceType === 'CapabilityStatement', `expected ${LIB} to read a CapabilityStatement from \`metadata\`, got \`resourceType\` ${shown(cs.resourceType)}`)
    expect(/^4\.0\.\d+$/.test(String(cs.fhirVersion)), `expected \`fhirVersion\` 4.0.x in what ${LIB} read, got ${shown(cs.fhirVersion)}`)
    const { CapabilityTool } = await loadLibrary()
    const tool = new CapabilityTool(cs as FhirResource)
    expect(tool.serverCapabilities(), `expected a \`rest\` entry with \`mode\` server for ${LIB}'s CapabilityTool, got ${shown(cs.rest)}`)
    const types = (tool.serverCapabilities()?.resource ?? []).map((x) => x.type).filter((x): x is string => typeof x === 'string')
    const declared = types.filter((type) => tool.interactionsFor({ resourceType: type }).length > 0)
    expect(declared.length > 0, `expected ${LIB}'s CapabilityTool to find interactions for some resource type, got none among ${shown(types)}`)
  },
}
