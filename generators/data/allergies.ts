// Allergies and intolerances: substance codes from SNOMED CT (browser.ihtsdotools.org) and RxNorm;
// prevalence from the AAAAI allergy statistics and Gupta et al., JAMA Netw Open 2019;2(1):e185630
// (adult food allergy), and Macy, Curr Allergy Asthma Rep 2014 (reported penicillin allergy ~10 %).
// What an allergy rules out: the penicillins, and cephalosporins sharing amoxicillin's R1 side chain
// (cephalexin), per the 2022 drug allergy practice parameter (Khan et al., Ann Allergy Asthma
// Immunol 2022;129(3)); sulfonamide antibiotics after a sulfamethoxazole allergy.

export interface AllergyDef {
  key: string
  system: 'snomed' | 'rxnorm'
  code: string
  display: string
  category: 'food' | 'medication' | 'environment'
  prevalence: number
  criticality: 'low' | 'high'
  reactions: ReadonlyArray<{ code: string; display: string; severity: 'mild' | 'moderate' | 'severe' }>
  /** Drug classes (medications.ts) never prescribed once this allergy is known. */
  avoid?: readonly string[]
}

export const ALLERGIES: readonly AllergyDef[] = [
  { key: 'penicillin', system: 'rxnorm', code: '7980', display: 'penicillin G', category: 'medication', prevalence: 0.09, criticality: 'high', reactions: [{ code: '271807003', display: 'Eruption of skin (disorder)', severity: 'moderate' }, { code: '39579001', display: 'Anaphylaxis (disorder)', severity: 'severe' }], avoid: ['penicillin', 'aminopenicillin-side-chain'] },
  { key: 'sulfa', system: 'rxnorm', code: '10180', display: 'sulfamethoxazole', category: 'medication', prevalence: 0.03, criticality: 'low', reactions: [{ code: '271807003', display: 'Eruption of skin (disorder)', severity: 'mild' }], avoid: ['sulfonamide-antibiotic'] },
  { key: 'peanut', system: 'snomed', code: '762952008', display: 'Peanut (substance)', category: 'food', prevalence: 0.02, criticality: 'high', reactions: [{ code: '39579001', display: 'Anaphylaxis (disorder)', severity: 'severe' }, { code: '247472004', display: 'Wheal (finding)', severity: 'moderate' }] },
  { key: 'shellfish', system: 'snomed', code: '227037002', display: 'Fish - dietary (substance)', category: 'food', prevalence: 0.025, criticality: 'high', reactions: [{ code: '247472004', display: 'Wheal (finding)', severity: 'moderate' }] },
  { key: 'latex', system: 'snomed', code: '111088007', display: 'Latex (substance)', category: 'environment', prevalence: 0.01, criticality: 'low', reactions: [{ code: '247472004', display: 'Wheal (finding)', severity: 'mild' }] },
  { key: 'grassPollen', system: 'snomed', code: '256277009', display: 'Grass pollen (substance)', category: 'environment', prevalence: 0.08, criticality: 'low', reactions: [{ code: '76067001', display: 'Sneezing (finding)', severity: 'mild' }] },
  { key: 'dustMite', system: 'snomed', code: '260147004', display: 'House dust mite (organism)', category: 'environment', prevalence: 0.05, criticality: 'low', reactions: [{ code: '49727002', display: 'Cough (finding)', severity: 'mild' }] },
  { key: 'animalDander', system: 'snomed', code: '264287008', display: 'Animal dander (substance)', category: 'environment', prevalence: 0.05, criticality: 'low', reactions: [{ code: '418290006', display: 'Itching (finding)', severity: 'mild' }] },
]
