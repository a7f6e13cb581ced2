// Ground-truth queries for US Core's ServiceRequest searches (SHALL: _id, patient, patient and
// category, patient and code, patient, category and authored): the lab and imaging orders behind
// the reports. Lab orders by category are asked of the anchor; imaging orders, rarer, of the
// cohort, so a server that ignores the category parameter returns the other category's orders.
import { ORDER_CATEGORY } from './data/hospital.js'
import { SYS } from './data/systems.js'
import type { Resource } from './fhir.js'
import type { GroundTruthQuery } from './ground-truth.js'
import { hasCoding as has, instantMs as at } from './ground-truth-match.js'
import type { Helpers } from './ground-truth-us-core.js'

const LIPID_PANEL = '57698-3'

export function usCoreOrderQueries({ a, A, C, twoYearsAgo, since, anchor, inCohort, q, revProvenance }: Helpers): GroundTruthQuery[] {
  const category = (kind: keyof typeof ORDER_CATEGORY) => ({
    param: `${SYS.snomed}|${ORDER_CATEGORY[kind].code}`,
    test: (r: Resource) => ((r.category as unknown[] | undefined) ?? []).some((c) => has(c, SYS.snomed, ORDER_CATEGORY[kind].code)),
  })
  const lab = category('lab')
  const imaging = category('imaging')
  const orders = anchor('ServiceRequest')
  return [
    q('uscore-servicerequest-patient', 'US Core SHALL: ServiceRequest by patient (lab and imaging orders)', `ServiceRequest?patient=${A}`, orders),
    q(
      'uscore-servicerequest-revinclude-provenance',
      'US Core SHALL: ServiceRequest by patient with _revinclude=Provenance:target',
      `ServiceRequest?patient=${A}&_revinclude=Provenance:target`,
      orders,
      revProvenance('ServiceRequest', orders),
    ),
    // A small run may have no anchor, and the first patient (asked instead) no order: no ids to ask for.
    ...(a.serviceRequestIds.length
      ? [
          q(
            'uscore-servicerequest-id',
            'US Core SHALL: ServiceRequest by _id (five ids)',
            `ServiceRequest?_id=${a.serviceRequestIds.join(',')}`,
            anchor('ServiceRequest', (r) => a.serviceRequestIds.includes(r.id)),
          ),
        ]
      : []),
    q(
      'uscore-servicerequest-patient-category',
      'US Core SHALL: ServiceRequest by patient and category (lab orders)',
      `ServiceRequest?patient=${A}&category=${lab.param}`,
      anchor('ServiceRequest', lab.test),
    ),
    q(
      'uscore-servicerequest-patient-category-imaging',
      'US Core SHALL: ServiceRequest by patient and category (imaging orders, a cohort ORed)',
      `ServiceRequest?patient=${C}&category=${imaging.param}`,
      inCohort('ServiceRequest', imaging.test),
    ),
    q(
      'uscore-servicerequest-patient-category-authored',
      'US Core SHALL: ServiceRequest by patient, category and authored (lab orders of the last two years, a cohort ORed)',
      `ServiceRequest?patient=${C}&category=${lab.param}&authored=ge${twoYearsAgo}`,
      inCohort('ServiceRequest', (r) => lab.test(r) && at(r.authoredOn) >= at(since)),
    ),
    q(
      'uscore-servicerequest-patient-code',
      'US Core SHALL: ServiceRequest by patient and code (lipid panel orders, a cohort ORed)',
      `ServiceRequest?patient=${C}&code=${SYS.loinc}|${LIPID_PANEL}`,
      inCohort('ServiceRequest', (r) => has(r.code, SYS.loinc, LIPID_PANEL)),
    ),
  ]
}
