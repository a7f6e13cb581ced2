// Ground-truth queries for US Core's Device searches (SHALL: patient; SHOULD: patient and type).
// Implants are rare, so the patients asked for are the run's first who hold one
// (AnchorFacts.implanted), until five Devices of each type. A run in which none of the scanned
// patients has an implant asks for the anchor, who then holds none: the answer must be empty.
// The search by type asks for the knee prostheses, or the hips where those patients hold no knee
// (a small run's one implant may be a hip), so it expects something whenever there is an implant.
import { JOINT_REPLACEMENTS, KNEE_REPLACEMENT } from './data/hospital.js'
import { SYS } from './data/systems.js'
import type { GroundTruthQuery } from './ground-truth.js'
import { hasCoding } from './ground-truth-match.js'
import type { Helpers } from './ground-truth-us-core.js'

export function usCoreDeviceQueries({ a, A, q, revProvenance }: Helpers): GroundTruthQuery[] {
  const holders = new Set(a.implanted)
  const asked = a.implanted.length ? a.implanted.map((id) => `Patient/${id}`).join(',') : A
  const n = a.implanted.length
  const what = n > 1 ? `the first ${n} patients with an implant, ORed` : n === 1 ? 'the first patient with an implant' : 'a patient with no implant: the answer is empty'
  const devicesWhere =
    (test: (type: unknown) => boolean): GroundTruthQuery['match'] =>
    (rec) =>
      holders.has(rec.person.id) ? rec.resources.filter((r) => r.resourceType === 'Device' && test(r.type)).map((r) => r.id) : []
  const devices = devicesWhere(() => true)
  const joint = JOINT_REPLACEMENTS.find((j) => a.implantTypes.includes(j.device.code)) ?? KNEE_REPLACEMENT
  const others = JOINT_REPLACEMENTS.filter((j) => j !== joint && a.implantTypes.includes(j.device.code))
  const kind = `${joint.device.display}${others.length ? `; ${others.map((j) => j.device.display).join(', ')} left out` : ''}`
  const type = joint.device.code
  return [
    q('uscore-device-patient', `US Core SHALL: Device by patient (${what})`, `Device?patient=${asked}`, devices),
    q(
      'uscore-device-revinclude-provenance',
      `US Core SHALL: Device by patient with _revinclude=Provenance:target (${what})`,
      `Device?patient=${asked}&_revinclude=Provenance:target`,
      devices,
      revProvenance('Device', devices),
    ),
    q(
      'uscore-device-patient-type',
      `US Core SHOULD: Device by patient and type (${kind}) (${what})`,
      `Device?patient=${asked}&type=${SYS.snomed}|${type}`,
      devicesWhere((t) => hasCoding(t, SYS.snomed, type)),
    ),
  ]
}
