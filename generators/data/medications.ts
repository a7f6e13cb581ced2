// Medications by key: RxNorm clinical drugs (RxNav, rxnav.nlm.nih.gov; codes as listed in the CMS
// eCQM antibiotic value sets), with the dosage a prescriber would write, the drug classes an
// allergy can rule out, the youngest age the product is labelled or used for, and the date it
// reached the US market (FDA approval, Drugs@FDA; where only the year or month is known, the first
// day after it, so nothing is prescribed before it existed). Conditions name therapies in
// conditions.ts; a therapy is an ordered list of options, the first one allowed is prescribed.

export interface MedicationDef {
  rxnorm: string
  display: string
  dosage: string
  /** Doses per day, for dosageInstruction.timing and the dispensed quantity. */
  timesPerDay: number
  asNeeded?: boolean
  /** A fixed course (antibiotics): its days and the units dispensed for it, as the sig says. */
  course?: { days: number; quantity: number }
  /** Units taken per dose and their UCUM code (dosageInstruction.doseAndRate, dispenseRequest.quantity). */
  dose: { value: number; unit: string; code: string }
  /** Drug classes (an allergy's `avoid` list names these). */
  classes: readonly string[]
  /** Youngest and oldest age in years (fractions allowed) the product is given at. */
  minAge: number
  maxAge?: number
  /** First day it could be prescribed in the US (YYYY-MM-DD). */
  availableFrom: string
  source: string
}

const TAB = { value: 1, unit: 'tablet', code: '{tbl}' }
const CAP = { value: 1, unit: 'capsule', code: '{cap}' }
const PUFFS = (n: number) => ({ value: n, unit: 'puff', code: '{puff}' })
const ML = (n: number) => ({ value: n, unit: 'mL', code: 'mL' })

export const MEDICATIONS: Record<string, MedicationDef> = {
  lisinopril: { rxnorm: '314076', display: 'lisinopril 10 MG Oral Tablet', dosage: 'Take 1 tablet by mouth once daily', timesPerDay: 1, dose: TAB, classes: ['ace-inhibitor'], minAge: 6, availableFrom: '1988-01-01', source: 'Prinivil/Zestril approved Dec 1987; labelled from 6 years' },
  amlodipine: { rxnorm: '197361', display: 'amlodipine 5 MG Oral Tablet', dosage: 'Take 1 tablet by mouth once daily', timesPerDay: 1, dose: TAB, classes: ['calcium-channel-blocker'], minAge: 6, availableFrom: '1992-08-01', source: 'Norvasc approved Jul 1992; labelled from 6 years' },
  hydrochlorothiazide: { rxnorm: '310798', display: 'hydrochlorothiazide 25 MG Oral Tablet', dosage: 'Take 1 tablet by mouth every morning', timesPerDay: 1, dose: TAB, classes: ['thiazide'], minAge: 18, availableFrom: '1960-01-01', source: 'HydroDIURIL approved 1959; adult tablet strength' },
  metformin: { rxnorm: '860975', display: '24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet', dosage: 'Take 1 tablet by mouth twice daily with meals', timesPerDay: 2, dose: TAB, classes: ['biguanide'], minAge: 18, availableFrom: '2000-11-01', source: 'Glucophage XR approved Oct 2000; extended release labelled for adults' },
  atorvastatin: { rxnorm: '617310', display: 'atorvastatin 20 MG Oral Tablet', dosage: 'Take 1 tablet by mouth at bedtime', timesPerDay: 1, dose: TAB, classes: ['statin'], minAge: 10, availableFrom: '1997-01-01', source: 'Lipitor approved Dec 1996; labelled from 10 years (HeFH)' },
  simvastatin: { rxnorm: '314231', display: 'simvastatin 10 MG Oral Tablet', dosage: 'Take 1 tablet by mouth at bedtime', timesPerDay: 1, dose: TAB, classes: ['statin'], minAge: 10, availableFrom: '1992-01-01', source: 'Zocor approved Dec 1991; labelled from 10 years (HeFH)' },
  albuterol: { rxnorm: '745679', display: '200 ACTUAT albuterol 0.09 MG/ACTUAT Metered Dose Inhaler', dosage: 'Inhale 2 puffs every 4 to 6 hours as needed for wheezing', timesPerDay: 4, asNeeded: true, dose: PUFFS(2), classes: ['beta-agonist'], minAge: 4, availableFrom: '1997-01-01', source: 'Proventil HFA approved Aug 1996; labelled from 4 years' },
  fluticasone: { rxnorm: '895994', display: '120 ACTUAT fluticasone propionate 0.044 MG/ACTUAT Metered Dose Inhaler', dosage: 'Inhale 2 puffs twice daily', timesPerDay: 2, dose: PUFFS(2), classes: ['inhaled-corticosteroid'], minAge: 4, availableFrom: '2004-06-01', source: 'Flovent HFA approved May 2004; labelled from 4 years' },
  fluticasoneSalmeterol: { rxnorm: '896209', display: '60 ACTUAT fluticasone propionate 0.25 MG/ACTUAT / salmeterol 0.05 MG/ACTUAT Dry Powder Inhaler', dosage: 'Inhale 1 puff twice daily', timesPerDay: 2, dose: PUFFS(1), classes: ['inhaled-corticosteroid', 'beta-agonist'], minAge: 12, availableFrom: '2000-09-01', source: 'Advair Diskus approved Aug 2000; 250/50 strength from 12 years' },
  sertraline: { rxnorm: '312940', display: 'sertraline 50 MG Oral Tablet', dosage: 'Take 1 tablet by mouth once daily', timesPerDay: 1, dose: TAB, classes: ['ssri'], minAge: 6, availableFrom: '1992-01-01', source: 'Zoloft approved Dec 1991; labelled from 6 years (OCD)' },
  escitalopram: { rxnorm: '349332', display: 'escitalopram 10 MG Oral Tablet', dosage: 'Take 1 tablet by mouth once daily', timesPerDay: 1, dose: TAB, classes: ['ssri'], minAge: 12, availableFrom: '2002-09-01', source: 'Lexapro approved Aug 2002; labelled from 12 years (depression)' },
  acetaminophen: { rxnorm: '313782', display: 'acetaminophen 325 MG Oral Tablet', dosage: 'Take 2 tablets by mouth every 6 hours as needed for pain or fever', timesPerDay: 4, asNeeded: true, dose: { value: 2, unit: 'tablet', code: '{tbl}' }, classes: ['analgesic'], minAge: 12, availableFrom: '1960-01-01', source: 'marketed since 1955; adult tablets from 12 years (OTC monograph)' },
  ibuprofen: { rxnorm: '310965', display: 'ibuprofen 200 MG Oral Tablet', dosage: 'Take 2 tablets by mouth every 8 hours as needed for pain', timesPerDay: 3, asNeeded: true, dose: { value: 2, unit: 'tablet', code: '{tbl}' }, classes: ['nsaid'], minAge: 12, availableFrom: '1984-06-01', source: 'OTC ibuprofen approved May 1984; tablets from 12 years' },
  ibuprofenSuspension: { rxnorm: '197803', display: 'ibuprofen 20 MG/ML Oral Suspension', dosage: 'Give 5 mL by mouth every 8 hours as needed for pain or fever', timesPerDay: 3, asNeeded: true, dose: ML(5), classes: ['nsaid'], minAge: 0.5, maxAge: 11.99, availableFrom: '1990-01-01', source: 'Children’s Motrin suspension approved 1989; from 6 months' },
  amoxicillin: { rxnorm: '308182', display: 'amoxicillin 250 MG Oral Capsule', dosage: 'Take 2 capsules by mouth three times daily for 10 days', course: { days: 10, quantity: 60 }, timesPerDay: 3, dose: { value: 2, unit: 'capsule', code: '{cap}' }, classes: ['penicillin'], minAge: 12, availableFrom: '1975-01-01', source: 'Amoxil approved 1974; capsules for adults and adolescents' },
  amoxicillinSuspension: { rxnorm: '313850', display: 'amoxicillin 40 MG/ML Oral Suspension', dosage: 'Give 10 mL by mouth twice daily for 10 days', course: { days: 10, quantity: 200 }, timesPerDay: 2, dose: ML(10), classes: ['penicillin'], minAge: 0.25, maxAge: 11.99, availableFrom: '1975-01-01', source: 'amoxicillin suspension, high dose for otitis media (AAP 2013 AOM guideline)' },
  cefdinirSuspension: { rxnorm: '476576', display: 'cefdinir 50 MG/ML Oral Suspension', dosage: 'Give 5 mL by mouth twice daily for 10 days', course: { days: 10, quantity: 100 }, timesPerDay: 2, dose: ML(5), classes: ['cephalosporin'], minAge: 0.5, maxAge: 11.99, availableFrom: '1998-01-01', source: 'Omnicef approved Dec 1997; the AAP 2013 AOM alternative in penicillin allergy' },
  doxycycline: { rxnorm: '1649988', display: 'doxycycline hyclate 100 MG Oral Capsule', dosage: 'Take 1 capsule by mouth twice daily for 7 days', course: { days: 7, quantity: 14 }, timesPerDay: 2, dose: CAP, classes: ['tetracycline'], minAge: 8, availableFrom: '1968-01-01', source: 'Vibramycin approved 1967; the IDSA 2012 sinusitis alternative in penicillin allergy; from 8 years' },
  azithromycin: { rxnorm: '308460', display: 'azithromycin 250 MG Oral Tablet', dosage: 'Take 2 tablets by mouth on day 1, then 1 tablet daily for 4 days', course: { days: 5, quantity: 6 }, timesPerDay: 1, dose: TAB, classes: ['macrolide'], minAge: 12, availableFrom: '1992-01-01', source: 'Zithromax approved Nov 1991' },
  nitrofurantoin: { rxnorm: '1648759', display: 'nitrofurantoin, macrocrystals 100 MG Oral Capsule', dosage: 'Take 1 capsule by mouth twice daily for 5 days', course: { days: 5, quantity: 10 }, timesPerDay: 2, dose: CAP, classes: ['nitrofuran'], minAge: 12, availableFrom: '1969-01-01', source: 'Macrodantin approved 1968; first line for cystitis in women (IDSA 2010)' },
  ciprofloxacin: { rxnorm: '309309', display: 'ciprofloxacin 500 MG Oral Tablet', dosage: 'Take 1 tablet by mouth twice daily for 7 days', course: { days: 7, quantity: 14 }, timesPerDay: 2, dose: TAB, classes: ['fluoroquinolone'], minAge: 18, availableFrom: '1987-11-01', source: 'Cipro approved Oct 1987; not for children (FDA boxed warning, AAP 2016)' },
  cephalexin: { rxnorm: '309114', display: 'cephalexin 500 MG Oral Capsule', dosage: 'Take 1 capsule by mouth four times daily for 5 days', course: { days: 5, quantity: 20 }, timesPerDay: 4, dose: CAP, classes: ['cephalosporin', 'aminopenicillin-side-chain'], minAge: 12, availableFrom: '1972-01-01', source: 'Keflex approved 1971; for nonpurulent cellulitis, 5 days (IDSA 2014 skin and soft tissue guideline); capsules from 12, the suspension before' },
  cephalexinSuspension: { rxnorm: '309113', display: 'cephalexin 50 MG/ML Oral Suspension', dosage: 'Give 5 mL by mouth four times daily for 7 days', course: { days: 7, quantity: 140 }, timesPerDay: 4, dose: ML(5), classes: ['cephalosporin', 'aminopenicillin-side-chain'], minAge: 0.17, maxAge: 11.99, availableFrom: '1972-01-01', source: 'Keflex approved 1971; a first choice for febrile UTI in children (AAP 2011)' },
  trimethoprimSulfaSuspension: { rxnorm: '313134', display: 'sulfamethoxazole 40 MG/ML / trimethoprim 8 MG/ML Oral Suspension', dosage: 'Give 10 mL by mouth twice daily for 7 days', course: { days: 7, quantity: 140 }, timesPerDay: 2, dose: ML(10), classes: ['sulfonamide-antibiotic'], minAge: 0.17, maxAge: 11.99, availableFrom: '1974-01-01', source: 'Bactrim suspension approved 1973; from 2 months' },
}

/**
 * What a condition's prescription is chosen from: options in order of preference, the first one
 * the patient may take is prescribed (age within the option's and the drug's range, no allergy to
 * its class, on the market). Option ages express the guideline's choice; a drug's own `minAge`
 * is its label. Sources: AAP 2013 acute otitis media guideline; IDSA 2012 rhinosinusitis
 * guideline; IDSA 2010 uncomplicated cystitis guideline and AAP 2011 febrile UTI guideline; 2019
 * ATS/IDSA adult and 2011 PIDS/IDSA pediatric community-acquired pneumonia guidelines.
 */
export const THERAPIES: Record<string, ReadonlyArray<{ med: string; sex?: 'female' | 'male' }>> = {
  painFever: [{ med: 'acetaminophen' }, { med: 'ibuprofenSuspension' }],
  pain: [{ med: 'ibuprofen' }, { med: 'ibuprofenSuspension' }],
  otitisAntibiotic: [{ med: 'amoxicillinSuspension' }, { med: 'cefdinirSuspension' }, { med: 'amoxicillin' }, { med: 'azithromycin' }],
  sinusitisAntibiotic: [{ med: 'amoxicillin' }, { med: 'doxycycline' }, { med: 'amoxicillinSuspension' }, { med: 'cefdinirSuspension' }],
  // Amoxicillin or doxycycline for an adult without comorbidity, amoxicillin for a child, a cephalosporin or a macrolide when those are not allowed.
  pneumoniaAntibiotic: [{ med: 'amoxicillin' }, { med: 'doxycycline' }, { med: 'amoxicillinSuspension' }, { med: 'cefdinirSuspension' }, { med: 'azithromycin' }],
  // Nonpurulent cellulitis: a cephalosporin (streptococci); doxycycline or TMP-SMX where a cephalosporin is not allowed (IDSA 2014, Stevens et al., Clin Infect Dis 2014;59(2):e10).
  cellulitisAntibiotic: [{ med: 'cephalexin' }, { med: 'cephalexinSuspension' }, { med: 'doxycycline' }, { med: 'trimethoprimSulfaSuspension' }],
  utiAntibiotic: [{ med: 'nitrofurantoin', sex: 'female' }, { med: 'ciprofloxacin' }, { med: 'cephalexinSuspension' }, { med: 'trimethoprimSulfaSuspension' }, { med: 'nitrofurantoin' }],
}
