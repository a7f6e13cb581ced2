import { expect, shown, skip, type Check } from '../check.js'
import { US_CORE_PROFILES } from '../../lib/us-core/index.js'
import { capability } from './shared.js'

const US_CORE_SERVER = 'https://hl7.org/fhir/us/core/STU6.1/CapabilityStatement-us-core-server.html#behavior'
const PATIENT = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'

type Resource = { type?: unknown; profile?: unknown; supportedProfile?: unknown }

/** The US Core profiles a resource entry claims (`profile` or `supportedProfile`), versions dropped. */
function usCoreClaims(r: Resource): string[] {
  const listed = [r.profile, ...(Array.isArray(r.supportedProfile) ? r.supportedProfile : [])]
  return listed.flatMap((p) => (typeof p === 'string' && US_CORE_PROFILES[p.split('|')[0]!] ? [p.split('|')[0]!] : []))
}

export const check: Check = {
  id: 'CS-06',
  title: 'A US Core server declares the US Core Patient profile and at least one more',
  description: `A server whose CapabilityStatement claims US Core (it instantiates the US Core Server CapabilityStatement or lists a US Core profile) SHALL support the US Core Patient profile and at least one additional US Core profile ([US Core 6.1 Server CapabilityStatement](${US_CORE_SERVER})): Patient lists \`us-core-patient\` in \`profile\` or \`supportedProfile\`, and another resource lists a US Core profile.`,
  verifies: ['USCORE-PROFILES'],
  level: 'SHALL',
  async run(ctx) {
    const cs = (await capability(ctx)) as { instantiates?: unknown; rest?: Array<{ resource?: Resource[] }> } | undefined
    const resources = (cs?.rest ?? []).flatMap((r) => (Array.isArray(r.resource) ? r.resource : []))
    const claims = resources.map((r) => ({ type: String(r.type), profiles: usCoreClaims(r) })).filter((c) => c.profiles.length > 0)
    const instantiates =
      Array.isArray(cs?.instantiates) && cs.instantiates.some((u) => String(u).split('|')[0] === 'http://hl7.org/fhir/us/core/CapabilityStatement/us-core-server')
    if (!instantiates && claims.length === 0) skip('the CapabilityStatement claims no US Core profile and does not instantiate the US Core Server CapabilityStatement')
    const patient = claims.some((c) => c.type === 'Patient' && c.profiles.includes(PATIENT))
    const others = claims.filter((c) => c.profiles.some((p) => p !== PATIENT))
    expect(
      patient && others.length > 0,
      `expected Patient to declare \`us-core-patient\` and another resource a US Core profile; ${patient ? 'Patient does' : `Patient declares ${shown(resources.find((r) => r.type === 'Patient')?.supportedProfile ?? [])}`}, and ${others.length} other resource${others.length === 1 ? '' : 's'} declare one`,
    )
  },
}
