// What brings people to the emergency department, beyond the clinic's acute illnesses
// (conditions.ts): the leading complaints (chest pain, abdominal pain, headache) and the commonest
// injuries (a cut hand, a broken forearm, a concussion), each with its episodes per person-year by
// age band and sex, the share seen in the emergency department rather than in clinic, and what is
// done there; a viral illness with fever (children's leading reason) and low back pain, seen in
// clinic too; pneumonia, the commonest medical reason for a stay; the neck sprain of a car
// collision; cellulitis, seen mostly in clinic; and bronchiolitis, the commonest reason an infant is
// admitted, drawn by year of life. With the clinic's illnesses that also come here (conditions.ts:
// a cough with a cold, vomiting with gastroenteritis, an ear infection, a sprained ankle) they are
// still fewer than the US's 43 visits per 100 people a year: rashes, bruises, other injuries and
// mental health are not drawn. The rates here are each row's own, not a share of a total.
// Codes: SNOMED CT International and ICD-10-CM 2024, as in conditions.ts. Admission shares are
// ADMISSION's (care.ts) times `admissionFactor`: our estimate from the sources' admission figures.
import type { AcuteCondition } from './conditions.js'

export const EMERGENCY_CONDITIONS: readonly AcuteCondition[] = [
  {
    key: 'chestPain',
    kind: 'acute',
    snomed: { code: '29857009', display: 'Chest pain (finding)' },
    icd10: { code: 'R07.9', display: 'Chest pain, unspecified' },
    incidence: [[0.004, 0.004], [0.035, 0.03], [0.045, 0.045], [0.05, 0.05]],
    emergencyShare: 0.7,
    durationDays: [1, 3],
    fever: false,
    medications: [],
    procedures: ['ecg'],
    sudden: true,
    admissionFactor: 1.2,
    source:
      'NCHS Data Brief 43 (Bhuiya et al., 2010; NHAMCS 1999–2008): chest pain and abdominal pain are the commonest reasons adults visit the emergency department, each about a tenth of non-injury visits; an ECG within 10 minutes of arrival (2021 AHA/ACC chest pain guideline, Gulati et al., Circulation 2021;144:e368)',
  },
  {
    key: 'abdominalPain',
    kind: 'acute',
    snomed: { code: '21522001', display: 'Abdominal pain (finding)' },
    icd10: { code: 'R10.9', display: 'Unspecified abdominal pain' },
    incidence: [[0.045, 0.04], [0.09, 0.05], [0.08, 0.045], [0.07, 0.05]],
    emergencyShare: 0.6,
    durationDays: [1, 5],
    fever: false,
    medications: [],
    source: 'NCHS Data Brief 43 (Bhuiya et al., 2010): about a tenth of adults’ non-injury emergency visits, rising over the decade; more often women',
  },
  {
    key: 'headache',
    kind: 'acute',
    snomed: { code: '25064002', display: 'Headache (finding)' },
    icd10: { code: 'R51.9', display: 'Headache, unspecified' },
    incidence: [[0.015, 0.01], [0.05, 0.02], [0.04, 0.015], [0.015, 0.008]],
    emergencyShare: 0.4,
    durationDays: [1, 3],
    fever: false,
    medications: ['pain'],
    sudden: true,
    admissionFactor: 0.3,
    source: 'Goldstein et al., Cephalalgia 2006;26(6):684 (NHAMCS 1992–2001: headache in 2.2 % of emergency visits, most of them women aged 18 to 44)',
  },
  {
    key: 'handLaceration',
    kind: 'acute',
    snomed: { code: '284549007', display: 'Laceration of hand (disorder)' },
    icd10: { code: 'S61.419A', display: 'Laceration without foreign body of unspecified hand, initial encounter' },
    incidence: [[0.012, 0.022], [0.012, 0.028], [0.008, 0.018], [0.008, 0.01]],
    emergencyShare: 0.85,
    durationDays: [10, 21],
    fever: false,
    medications: ['pain'],
    procedures: ['woundSuture'],
    sudden: true,
    admissionFactor: 0,
    source:
      'NHAMCS 2000 emergency department summary (McCaig & Ly, Adv Data 2002;326): 14.8 injury visits per 100 persons, open wounds the commonest diagnosis (18 %), hand, wrist and finger the commonest site; more often men',
  },
  {
    key: 'forearmFracture',
    kind: 'acute',
    snomed: { code: '65966004', display: 'Fracture of forearm (disorder)' },
    icd10: { code: 'S52.90XA', display: 'Unspecified fracture of unspecified forearm, initial encounter for closed fracture' },
    incidence: [[0.008, 0.012], [0.002, 0.003], [0.003, 0.002], [0.009, 0.003]],
    emergencyShare: 0.8,
    durationDays: [42, 56],
    fever: false,
    medications: ['pain'],
    procedures: ['forearmXray', 'boneImmobilization'],
    sudden: true,
    admissionFactor: 0.3,
    source:
      'Chung & Spilson, J Hand Surg Am 2001;26(5):908 (NHAMCS 1998: hand and forearm fractures 1.5 % of emergency visits, radius and ulna the commonest); more in children and in older women, as distal radius fractures are',
  },
  {
    key: 'concussion',
    kind: 'acute',
    snomed: { code: '62106007', display: 'Concussion with no loss of consciousness (disorder)' },
    icd10: { code: 'S06.0X0A', display: 'Concussion without loss of consciousness, initial encounter' },
    incidence: [[0.015, 0.02], [0.009, 0.012], [0.006, 0.008], [0.015, 0.014]],
    emergencyShare: 0.8,
    durationDays: [7, 28],
    fever: false,
    medications: ['painFever'],
    sudden: true,
    admissionFactor: 0.5,
    source:
      'CDC, Surveillance Report of Traumatic Brain Injury-related Emergency Department Visits, Hospitalizations, and Deaths, 2014 (2.5 million emergency visits, about 0.8 per 100 people; highest in children under 5 and adults 75 and over, mostly falls)',
  },
  {
    key: 'viralIllness',
    kind: 'acute',
    snomed: { code: '34014006', display: 'Viral disease (disorder)' },
    icd10: { code: 'B34.9', display: 'Viral infection, unspecified' },
    incidence: [[0.12, 0.12], [0.03, 0.02], [0.02, 0.015], [0.015, 0.015]],
    emergencyShare: 0.35,
    durationDays: [3, 7],
    fever: true,
    medications: ['painFever'],
    admissionFactor: 0.2,
    underTwoFactor: 3,
    source:
      'McCaig & Ly, Adv Data 2002;326 (NHAMCS 2000: fever among the four leading complaints, acute upper respiratory and viral infections the leading illness diagnoses); Ramgopal et al., West J Emerg Med 2020;21(6) (NHAMCS 2007–2017: children under 2 with fever 2.1 % of all emergency visits, 2.8 million a year, about 0.37 a year for each child under 2: this factor and those of the colds, ear infections, gastroenteritis and pneumonia of the under-2s add up to about that)',
  },
  {
    key: 'lowBackPain',
    kind: 'acute',
    snomed: { code: '279039007', display: 'Low back pain (finding)' },
    icd10: { code: 'M54.50', display: 'Low back pain, unspecified' },
    incidence: [[0.005, 0.005], [0.06, 0.055], [0.075, 0.065], [0.07, 0.06]],
    emergencyShare: 0.15,
    durationDays: [7, 42],
    fever: false,
    medications: ['pain'],
    sudden: true,
    admissionFactor: 0.2,
    source:
      'Friedman et al., Spine 2010;35(24):E1406 (NHAMCS 2002–2006: back pain 2.3 % of emergency visits, 2.6 million a year); Deyo et al., Spine 2006;31(23):2724 (back pain among the commonest reasons for a primary care visit; most episodes seen in clinic)',
  },
  {
    key: 'pneumonia',
    kind: 'acute',
    snomed: { code: '233604007', display: 'Pneumonia (disorder)' },
    icd10: { code: 'J18.9', display: 'Pneumonia, unspecified organism' },
    incidence: [[0.012, 0.013], [0.0015, 0.0015], [0.004, 0.0045], [0.014, 0.016]],
    emergencyShare: 0.6,
    durationDays: [14, 28],
    fever: true,
    medications: ['pneumoniaAntibiotic', 'painFever'],
    admissionFactor: 3,
    underTwoFactor: 4,
    source:
      'Jain et al., N Engl J Med 2015;373(5):415 (EPIC: community-acquired pneumonia requiring hospitalization, 24.8 per 10,000 adults a year; 63.0 at 65–79, 164.3 at 80 and over) and N Engl J Med 2015;372(9):835 (15.7 per 10,000 children; 62.2 under 2); the factor puts most older adults seen in the emergency department on the ward, as the EPIC rates need; outpatient treatment: 2019 ATS/IDSA adult CAP guideline (Metlay et al., Am J Respir Crit Care Med 2019;200(7):e45), 2011 PIDS/IDSA pediatric CAP guideline (Bradley et al., Clin Infect Dis 2011;53(7):e25)',
  },
  {
    key: 'cellulitis',
    kind: 'acute',
    snomed: { code: '128045006', display: 'Cellulitis (disorder)' },
    icd10: { code: 'L03.90', display: 'Cellulitis, unspecified' },
    incidence: [[0.01, 0.01], [0.012, 0.013], [0.018, 0.02], [0.022, 0.024]],
    emergencyShare: 0.3,
    durationDays: [7, 14],
    fever: true,
    medications: ['cellulitisAntibiotic'],
    admissionFactor: 1.5,
    source:
      'Miller et al., BMC Infect Dis 2015;15:362 (48 million person-years, 2005–2010: 4.8 skin and soft tissue infections per 100 person-years, 60 % abscesses or cellulitis, highest at 45–64, 95 % treated as outpatients): cellulitis here is about half of those 60 %, our estimate; McCaig et al., Emerg Infect Dis 2006;12(11):1715 (NAMCS/NHAMCS 2001–2003: 11.6 million ambulatory visits a year) and Pallin et al., Ann Emerg Med 2008;51(3):291 (3.4 million emergency visits in 2005): about 3 in 10 seen in the emergency department; the factor admits about 1 in 6 of those, the inpatient share Miller gives',
  },
  {
    key: 'bronchiolitis',
    kind: 'acute',
    snomed: { code: '4120002', display: 'Bronchiolitis (disorder)' },
    icd10: { code: 'J21.9', display: 'Acute bronchiolitis, unspecified' },
    incidence: [[0, 0], [0, 0], [0, 0], [0, 0]],
    firstYears: [
      [0.098, 0.118],
      [0.049, 0.059],
    ],
    emergencyShare: 0.45,
    durationDays: [7, 21],
    fever: true,
    medications: [],
    admissionFactor: 6.5,
    source:
      'Flaherman et al., BMC Health Serv Res 2012;12:144 (Kaiser Permanente, 123,264 infants: 162 bronchiolitis episodes per 1,000 children in the first two years, more in boys; two thirds of them in the first year is our estimate, where 81 % of the stays are: Shay et al., JAMA 1999;282(15):1440); Hasegawa et al., Pediatr Infect Dis J 2014;33(1):11 (NEDS 2006–2010: 35.6–36.3 emergency visits per 1,000 child-years under 2, 26 % admitted: the shares here give 36 and 26 %; Fujiogi et al., Pediatrics 2019;144(6):e20192614 count 13.5 stays per 1,000 child-years with direct admissions, which are not drawn); no medicines: supportive care, no bronchodilators, steroids or antibiotics (AAP 2014 guideline, Ralston et al., Pediatrics 2014;134(5):e1474)',
  },
  {
    key: 'neckSprain',
    kind: 'acute',
    snomed: { code: '39848009', display: 'Whiplash injury to neck (disorder)' },
    icd10: { code: 'S13.4XXA', display: 'Sprain of ligaments of cervical spine, initial encounter' },
    incidence: [[0.0025, 0.002], [0.007, 0.0055], [0.004, 0.003], [0.0015, 0.0012]],
    emergencyShare: 0.8,
    durationDays: [14, 42],
    fever: false,
    medications: ['pain'],
    sudden: true,
    admissionFactor: 0.1,
    source:
      'Quinlan et al., Accid Anal Prev 2004;36(1):21 (NEISS-AIP 2000: 901,442 motor-vehicle occupants treated in emergency departments for a neck strain or sprain, 0.32 per 100 people, the commonest injury of a crash; highest at 20–24, more often women, low in young children)',
  },
]
