// Table tests for the rules on procedures and orders (CLIN-16, CLIN-17): a record that keeps the
// rule passes, and one that breaks it is flagged with that rule (as rules.test.ts does for the rest).
import t from 'tap'
import { checkRecord, CLINICAL_RULES } from '../../generators/rules/clinical.js'
import { SYS } from '../../generators/data/systems.js'
import type { Resource } from '../../generators/fhir.js'

const REF = Date.parse('2025-01-01T00:00:00Z')
const cc = (system: string, code: string) => ({ coding: [{ system, code }] })
let n = 0
const id = () => `r${++n}`
const patient = (birthDate: string): Resource => ({ resourceType: 'Patient', id: 'p', birthDate })
const rules = (...rs: Resource[]) => checkRecord(rs, REF).map((v) => v.rule)

t.test('CLIN-16: a joint replacement names the joint and targets one of the patient’s BodyStructures at that joint, with one side; no side twice', async (t) => {
  const { JOINT_REPLACEMENTS, KNEE_REPLACEMENT, HIP_REPLACEMENT, LATERALITY, TARGET_BODY_STRUCTURE } = await import('../../generators/data/hospital.js')
  const { PROCEDURES } = await import('../../generators/data/procedures.js')
  for (const j of JOINT_REPLACEMENTS)
    t.ok(PROCEDURES[j.procedure] && /^\d+$/.test(j.site.code) && j.source.includes(j.site.code), `${j.procedure}: a procedure, and a SNOMED CT site its source names`)
  const p = patient('1950-01-01')
  const site = (code: string, ...sides: string[]): Resource => ({
    resourceType: 'BodyStructure',
    id: id(),
    location: cc(SYS.snomed, code),
    locationQualifier: sides.map((s) => cc(SYS.snomed, s)),
  })
  const op = (j = KNEE_REPLACEMENT, target?: Resource | string, bodySite = j.site.code): Resource => ({
    resourceType: 'Procedure',
    id: id(),
    code: cc(SYS.cpt, PROCEDURES[j.procedure]!.code),
    bodySite: [cc(SYS.snomed, bodySite)],
    ...(target ? { extension: [{ url: TARGET_BODY_STRUCTURE, valueReference: { reference: typeof target === 'string' ? target : `BodyStructure/${target.id}` } }] } : {}),
  })
  const rightKnee = site(KNEE_REPLACEMENT.site.code, LATERALITY.right.code)
  const leftKnee = site(KNEE_REPLACEMENT.site.code, LATERALITY.left.code)
  const rightHip = site(HIP_REPLACEMENT.site.code, LATERALITY.right.code)
  t.same(rules(p, rightKnee, op(KNEE_REPLACEMENT, rightKnee)), [], 'a right knee')
  t.same(rules(p, rightKnee, leftKnee, rightHip, op(KNEE_REPLACEMENT, rightKnee), op(KNEE_REPLACEMENT, leftKnee), op(HIP_REPLACEMENT, rightHip)), [], 'both knees and a hip')
  t.same(rules(p, op()), [CLINICAL_RULES.jointSide.id], 'no target BodyStructure')
  t.same(rules(p, op(KNEE_REPLACEMENT, 'BodyStructure/elsewhere')), [CLINICAL_RULES.jointSide.id], 'a BodyStructure not in the record')
  t.same(rules(p, rightHip, op(KNEE_REPLACEMENT, rightHip)), [CLINICAL_RULES.jointSide.id], 'a knee replacement targeting the hip')
  t.same(rules(p, rightKnee, op(KNEE_REPLACEMENT, rightKnee, HIP_REPLACEMENT.site.code)), [CLINICAL_RULES.jointSide.id], 'a knee replacement whose bodySite is the hip')
  const noSide = site(KNEE_REPLACEMENT.site.code)
  const both = site(KNEE_REPLACEMENT.site.code, LATERALITY.right.code, LATERALITY.left.code)
  t.same(rules(p, noSide, op(KNEE_REPLACEMENT, noSide)), [CLINICAL_RULES.jointSide.id], 'a knee with no side')
  t.same(rules(p, both, op(KNEE_REPLACEMENT, both)), [CLINICAL_RULES.jointSide.id], 'a knee with both sides')
  const again = site(KNEE_REPLACEMENT.site.code, LATERALITY.right.code)
  t.same(rules(p, rightKnee, again, op(KNEE_REPLACEMENT, rightKnee), op(KNEE_REPLACEMENT, again)), [CLINICAL_RULES.jointSide.id], 'the right knee replaced twice')
  // The claim and its EOB bill the operation on a line with the side's HCPCS modifier.
  const bill = (type: string, procedure: Resource, ...modifiers: string[]): Resource => ({
    resourceType: type,
    id: id(),
    procedure: [{ sequence: 1, procedureReference: { reference: `Procedure/${procedure.id}` } }],
    item: [{ sequence: 1 }, { sequence: 2, procedureSequence: [1], ...(modifiers.length ? { modifier: modifiers.map((m) => cc(SYS.hcpcs, m)) } : {}) }],
  })
  const knee = op(KNEE_REPLACEMENT, rightKnee)
  const RT = LATERALITY.right.modifier.code
  const LT = LATERALITY.left.modifier.code
  t.same(rules(p, rightKnee, knee, bill('Claim', knee, RT), bill('ExplanationOfBenefit', knee, RT)), [], 'billed with RT')
  t.same(rules(p, rightKnee, knee, bill('Claim', knee, LT)), [CLINICAL_RULES.jointSide.id], 'a right knee billed as the left')
  t.same(rules(p, rightKnee, knee, bill('ExplanationOfBenefit', knee)), [CLINICAL_RULES.jointSide.id], 'billed with no side')
  t.same(rules(p, rightKnee, knee, bill('Claim', knee, RT, LT)), [CLINICAL_RULES.jointSide.id], 'billed on both sides')
})

t.test('CLIN-17: a report or imaging study is based on one order of the record, of its encounter, authored before; a lab report has its order’s code', async (t) => {
  const p = patient('1950-01-01')
  const LIPID = '57698-3'
  const order = (code: string, authoredOn: string, encounter = 'Encounter/e1'): Resource => ({
    resourceType: 'ServiceRequest',
    id: id(),
    code: cc(SYS.loinc, code),
    encounter: { reference: encounter },
    authoredOn,
  })
  const report = (o: Resource | string | undefined, code = LIPID, encounter = 'Encounter/e1'): Resource => ({
    resourceType: 'DiagnosticReport',
    id: id(),
    ...(o ? { basedOn: [{ reference: typeof o === 'string' ? o : `ServiceRequest/${o.id}` }] } : {}),
    category: [cc(SYS.diagnosticServiceSection, 'LAB')],
    code: cc(SYS.loinc, code),
    encounter: { reference: encounter },
    effectiveDateTime: '2020-03-01T10:10:00Z',
  })
  const lipids = order(LIPID, '2020-03-01T10:00:00Z')
  const study: Resource = {
    resourceType: 'ImagingStudy',
    id: id(),
    basedOn: [{ reference: `ServiceRequest/${lipids.id}` }],
    encounter: { reference: 'Encounter/e1' },
    started: '2020-03-01T10:20:00Z',
  }
  t.same(rules(p, lipids, report(lipids), study), [], 'a lipid panel and a study, each after its order')
  t.same(rules(p, report(undefined)), [CLINICAL_RULES.orderFirst.id], 'a report with no order')
  t.same(rules(p, report('ServiceRequest/elsewhere')), [CLINICAL_RULES.orderFirst.id], 'an order not in the record')
  t.same(rules(p, lipids, report(lipids, '24323-8')), [CLINICAL_RULES.orderFirst.id], 'a metabolic panel reported for a lipid panel order')
  t.same(rules(p, lipids, report(lipids, LIPID, 'Encounter/e2')), [CLINICAL_RULES.orderFirst.id], 'a report of another encounter')
  const late = order(LIPID, '2020-03-01T11:00:00Z')
  t.same(rules(p, late, report(late)), [CLINICAL_RULES.orderFirst.id], 'ordered after the specimen was taken')
})
