// Hospital and imaging care, each row with its source: what the medication administration record
// holds for a stay, which visits order imaging and what the images and reports look like, food
// insecurity screening, and knee and hip replacement with the implant and the side operated on.

/** Doses recorded per day of an inpatient stay, at most (a q6h order gives four). */
export const ADMINISTRATION = { maxPerDay: 4, firstDoseAfterMinutes: 45 } as const

/** DICOM modalities (DICOM PS3.16 CID 29) and SOP classes (PS3.4 Annex B), with SNOMED CT body sites. */
export const DICOM = {
  sopDx: { code: 'urn:oid:1.2.840.10008.5.1.4.1.1.1.1', display: 'Digital X-Ray Image Storage - For Presentation' },
  sopMg: { code: 'urn:oid:1.2.840.10008.5.1.4.1.1.1.2', display: 'Digital Mammography X-Ray Image Storage - For Presentation' },
} as const

/**
 * What an order (ServiceRequest.category) asks for: SNOMED CT concepts of the FHIR R4
 * servicerequest-category value set, which US Core 6.1's ServiceRequest Category Codes include.
 */
export const ORDER_CATEGORY = {
  lab: { code: '108252007', display: 'Laboratory procedure' },
  imaging: { code: '363679005', display: 'Imaging' },
} as const

export interface ImagingDef {
  /** The Procedure (data/procedures.ts key) that acquires the images. */
  procedure: string
  modality: { code: string; display: string }
  bodySite: { code: string; display: string }
  /** One series per side when lateral, each with these views. */
  lateral: boolean
  views: readonly string[]
  sop: { code: string; display: string }
  /** The radiology report (US Core DiagnosticReport for Report and Note exchange). */
  report: { code: string; display: string }
  /** Findings and how often each is reported. */
  findings: ReadonlyArray<{ share: number; text: string }>
  /** What is found instead when the visit is for one of these acute conditions (conditions.ts key): a chest film for pneumonia shows the pneumonia. */
  findingsFor?: Readonly<Record<string, ReadonlyArray<{ share: number; text: string }>>>
  source: string
}

export const IMAGING: Record<string, ImagingDef> = {
  mammography: {
    procedure: 'mammography',
    modality: { code: 'MG', display: 'Mammography' },
    bodySite: { code: '76752008', display: 'Breast structure (body structure)' },
    lateral: true,
    views: ['CC', 'MLO'],
    sop: DICOM.sopMg,
    report: { code: '24606-6', display: 'MG Breast Screening' },
    findings: [
      { share: 0.116, text: 'BI-RADS 0: incomplete. Additional imaging evaluation is needed.' },
      { share: 0.3, text: 'BI-RADS 2: benign. Routine screening.' },
      { share: 0.584, text: 'BI-RADS 1: negative. Routine screening.' },
    ],
    source: 'Recall rate 11.6 %: Lehman et al., Radiology 2017;283(1):49 (BCSC screening benchmarks); ACR BI-RADS Atlas 5th ed. categories',
  },
  chestXray: {
    procedure: 'chestXray',
    modality: { code: 'DX', display: 'Digital Radiography' },
    bodySite: { code: '51185008', display: 'Thoracic structure (body structure)' },
    lateral: false,
    views: ['PA', 'LATERAL'],
    sop: DICOM.sopDx,
    report: { code: '36643-5', display: 'XR Chest 2 Views' },
    findings: [
      { share: 0.85, text: 'No acute cardiopulmonary process.' },
      { share: 0.15, text: 'Mild peribronchial thickening. No focal consolidation.' },
    ],
    findingsFor: {
      pneumonia: [
        { share: 0.6, text: 'Right lower lobe consolidation consistent with pneumonia. No pleural effusion.' },
        { share: 0.25, text: 'Left lower lobe airspace opacity consistent with pneumonia. Small left pleural effusion.' },
        { share: 0.15, text: 'Patchy bilateral lower lobe opacities, likely multifocal pneumonia. No pneumothorax.' },
      ],
    },
    source:
      'ACCP 2006 cough guideline (Braman, Chest 2006;129(1 Suppl):95S): chest radiography in acute bronchitis to exclude pneumonia when seen acutely ill; in chest pain, 2021 AHA/ACC chest pain guideline (Gulati et al., Circulation 2021;144:e368); in pneumonia, a new infiltrate is the diagnosis (2019 ATS/IDSA CAP guideline; EPIC: 93 % of enrolled adults had one, lower lobes commonest)',
  },
  forearmXray: {
    procedure: 'forearmXray',
    modality: { code: 'DX', display: 'Digital Radiography' },
    bodySite: { code: '14975008', display: 'Forearm structure (body structure)' },
    lateral: false,
    views: ['AP', 'LATERAL'],
    sop: DICOM.sopDx,
    report: { code: '36659-1', display: 'XR Forearm AP and Lateral' },
    findings: [
      { share: 0.6, text: 'Nondisplaced fracture of the distal radius. Joint spaces preserved.' },
      { share: 0.3, text: 'Minimally displaced fracture of the distal radius with dorsal angulation.' },
      { share: 0.1, text: 'Nondisplaced fracture of the ulnar shaft. Radius intact.' },
    ],
    source: 'ACR Appropriateness Criteria, Acute Hand and Wrist Trauma (2018): radiographs first; the distal radius is the commonest forearm fracture (Chung & Spilson 2001)',
  },
}

/** Imaging ordered in the emergency department or on admission for an acute condition (conditions.ts key → IMAGING key). */
export const HOSPITAL_IMAGING: Readonly<Record<string, string>> = { bronchitis: 'chestXray', chestPain: 'chestXray', pneumonia: 'chestXray' }

/**
 * Hunger Vital Sign (LOINC 88121-9; two items, Hager et al., Pediatrics 2010;126(1):e26), asked at
 * adult wellness visits. Food-insecure households: 12.8 % (USDA ERS, Household Food Security in the
 * United States in 2022). An insecure household answers "often" or "sometimes" to at least one item.
 */
export const HUNGER_VITAL_SIGN = {
  fromAge: 18,
  insecureShare: 0.128,
  panel: { code: '88121-9', display: 'Hunger Vital Sign [HVS]' },
  items: [
    { code: '88122-7', display: '(I/We) worried whether (my/our) food would run out before (I/we) got money to buy more.' },
    { code: '88123-5', display: "The food that (I/we) bought just didn't last and (I/we) didn't have money to get more." },
  ],
  answers: {
    often: { code: 'LA28397-0', display: 'Often true' },
    sometimes: { code: 'LA6729-3', display: 'Sometimes true' },
    never: { code: 'LA28398-8', display: 'Never true' },
  },
  risk: { code: '88124-3', display: 'Food insecurity risk [HVS]' },
  atRisk: { code: 'LA19952-3', display: 'At risk' },
  noRisk: { code: 'LA19983-8', display: 'No risk' },
  source: 'USDA ERS ERR-325 (2023); LOINC 88121-9 panel and answer lists as in the US Core 6.1 examples',
} as const

/**
 * Sides of the body: SNOMED CT laterality qualifiers (attribute 272741003 |Laterality|), as
 * ImagingStudy.series.laterality and BodyStructure.locationQualifier take them, and the HCPCS
 * Level II modifiers a claim line for a procedure on one side carries (CMS: RT and LT identify
 * procedures performed on the right or left side of the body).
 */
export const LATERALITY = {
  right: { code: '24028007', display: 'Right (qualifier value)', label: 'R', word: 'Right', modifier: { code: 'RT', display: 'Right side' } },
  left: { code: '7771000', display: 'Left (qualifier value)', label: 'L', word: 'Left', modifier: { code: 'LT', display: 'Left side' } },
} as const

/**
 * The FHIR R4 core extension naming the BodyStructure a Procedure targets. R4's Procedure.bodySite
 * is a CodeableConcept without a side, so the replaced joint's side is recorded as a BodyStructure
 * (location plus a laterality locationQualifier), the R4 resource for a specific, lateralised site.
 */
export const TARGET_BODY_STRUCTURE = 'http://hl7.org/fhir/StructureDefinition/procedure-targetBodyStructure'

/** An elective joint replacement for osteoarthritis: an admission with the implant recorded (US Core Implantable Device). */
export interface JointReplacement {
  /** The chronic condition it treats (data/conditions.ts key). */
  condition: string
  /** Yearly chance for a patient with the condition, from `fromAge` and a year after onset, until operated on: calibrated so the population matches `observed`. */
  perYear: number
  fromAge: number
  /** The US rate GEN-POP-03 holds a generated population to (±25 %): operations per person-year lived at or over `ages`. */
  observed: { perPersonYear: number; ages: number; source: string }
  stayDays: readonly [number, number]
  /** data/procedures.ts key; also the visit's `surgery`. */
  procedure: string
  /** The joint replaced (SNOMED CT body structure, the procedure site); the side is drawn, one per operation. */
  site: { code: string; display: string; word: string }
  device: { code: string; display: string }
  manufacturers: readonly string[]
  /** Shelf life of a sterile implant, years (UDI expiration date after manufacture). */
  shelfYears: number
  source: string
}

const ORTHOPEDIC_MANUFACTURERS = ['Zimmer Biomet', 'Stryker', 'DePuy Synthes', 'Smith+Nephew']

/**
 * Total knee replacement for knee osteoarthritis. The plain ratio, 754,000 a year over the 14
 * million with symptomatic knee osteoarthritis (about 5 %), gave a generated population 0.11 % of
 * adults a year against the cited 0.30 %: it counts every adult with the disease, the model only
 * those past 50, a year past onset and not yet operated on. Hence a calibrated yearly chance.
 */
export const KNEE_REPLACEMENT: JointReplacement = {
  condition: 'osteoarthritis',
  perYear: 0.18,
  fromAge: 50,
  observed: {
    perPersonYear: 754_000 / 252_000_000,
    ages: 18,
    source: '754,000 primary knee replacements in 2017 (AHRQ HCUP, Statistical Brief 246) among about 252 million US adults (Census Bureau, 2017 estimates)',
  },
  stayDays: [1, 3],
  procedure: 'kneeReplacement',
  site: { code: '49076000', display: 'Knee joint structure (body structure)', word: 'knee joint' },
  device: { code: '109228008', display: 'Knee joint prosthesis' },
  manufacturers: ORTHOPEDIC_MANUFACTURERS,
  shelfYears: 5,
  source: 'AHRQ HCUP Statistical Brief 246 (2019); US Core 6.1 Device-knee example (device type); SNOMED CT 49076000 |Knee joint structure| (procedure site)',
}

/**
 * Total hip replacement for hip osteoarthritis, the indication of more than 80 % of them (BMUS,
 * Hip Replacement Procedures). The device type is SNOMED CT's total hip replacement prosthesis.
 */
export const HIP_REPLACEMENT: JointReplacement = {
  condition: 'hipOsteoarthritis',
  perYear: 0.06,
  fromAge: 45,
  observed: {
    perPersonYear: 0.00257,
    ages: 45,
    source: 'NCHS Data Brief 186 (2015): 310,800 total hip replacements among inpatients 45 and over in 2010, 257.0 per 100,000 population of that age',
  },
  stayDays: [1, 3],
  procedure: 'hipReplacement',
  site: { code: '24136001', display: 'Hip joint structure (body structure)', word: 'hip joint' },
  device: { code: '304120007', display: 'Total hip replacement prosthesis' },
  manufacturers: ORTHOPEDIC_MANUFACTURERS,
  shelfYears: 5,
  source:
    'NCHS Data Brief 186; Burden of Musculoskeletal Diseases in the US (BMUS), Hip Replacement Procedures; SNOMED CT 24136001 |Hip joint structure| with 272741003 |Laterality|, as in the SNOMED CT Compositional Grammar examples for prosthetic arthroplasty of the hip',
}

export const JOINT_REPLACEMENTS: readonly JointReplacement[] = [KNEE_REPLACEMENT, HIP_REPLACEMENT]
