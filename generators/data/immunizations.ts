// Immunizations by age: CVX codes (CDC, www2a.cdc.gov/vaccines/iis/iisstandards/vaccines.asp) and
// the CDC 2024 child/adolescent and adult immunization schedules. Ages in months; `every` repeats
// a dose from `fromMonths` on. `uptake` is the share of patients who get the vaccine at all
// (CDC NIS-Child, NIS-Teen and FluVaxView coverage estimates).

export interface VaccineDef {
  key: string
  cvx: string
  display: string
  /** Ages (months) of the scheduled doses. */
  doses?: readonly number[]
  /** Repeats every N months from `fromMonths` (up to `untilMonths`). */
  every?: number
  fromMonths?: number
  untilMonths?: number
  uptake: number
}

export const VACCINES: readonly VaccineDef[] = [
  { key: 'hepb', cvx: '08', display: 'Hep B, adolescent or pediatric', doses: [0, 2, 6], uptake: 0.91 },
  { key: 'dtap', cvx: '20', display: 'DTaP', doses: [2, 4, 6, 15, 48], uptake: 0.8 },
  { key: 'ipv', cvx: '10', display: 'IPV', doses: [2, 4, 6, 48], uptake: 0.92 },
  { key: 'hib', cvx: '49', display: 'Hib (PRP-OMP)', doses: [2, 4, 12], uptake: 0.8 },
  { key: 'pcv13', cvx: '133', display: 'Pneumococcal conjugate PCV 13', doses: [2, 4, 6, 12], uptake: 0.82 },
  { key: 'mmr', cvx: '03', display: 'MMR', doses: [12, 48], uptake: 0.9 },
  { key: 'varicella', cvx: '21', display: 'varicella', doses: [12, 48], uptake: 0.9 },
  { key: 'hepa', cvx: '83', display: 'Hep A, ped/adol, 2 dose', doses: [12, 18], uptake: 0.75 },
  { key: 'tdap', cvx: '115', display: 'Tdap', doses: [132], uptake: 0.89 },
  { key: 'hpv', cvx: '165', display: 'HPV9', doses: [132, 138], uptake: 0.63 },
  { key: 'menacwy', cvx: '114', display: 'meningococcal MCV4P', doses: [132, 192], uptake: 0.88 },
  { key: 'td', cvx: '113', display: 'Td (adult) preservative free', every: 120, fromMonths: 252, uptake: 0.6 },
  { key: 'influenza', cvx: '140', display: 'Influenza, seasonal, injectable, preservative free', every: 12, fromMonths: 6, uptake: 0.5 },
  { key: 'covid', cvx: '213', display: 'SARS-COV-2 (COVID-19) vaccine, UNSPECIFIED FORMULATION', every: 12, fromMonths: 6, uptake: 0.22 },
  { key: 'zoster', cvx: '187', display: 'zoster recombinant', doses: [600, 602], uptake: 0.35 },
  { key: 'pcv20', cvx: '216', display: 'Pneumococcal conjugate PCV20, polysaccharide CRM197, preservative free', doses: [780], uptake: 0.6 },
]
