// Immunizations by age: CVX codes (CDC, www2a.cdc.gov/vaccines/iis/iisstandards/vaccines.asp) and
// the CDC 2024 child/adolescent and adult immunization schedules. Ages in months; `every` repeats
// a dose from `fromMonths` on. `uptake` is the share of patients who get the vaccine at all
// (CDC NIS-Child, NIS-Teen and FluVaxView coverage estimates).
//
// `eligible` is when the product existed for whom (a rule: no dose before it): FDA licensure or
// emergency use authorization dates and the youngest age each allowed. Where only the month or
// year is known, the first day after it. A scheduled dose that falls before licensure is dropped,
// unless the vaccine is given as catch-up up to `catchUpUntilMonths` (then it moves to a date
// after licensure, as adults did with Shingrix from 2018).

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
  /** From each date on, the product could be given from that age (months); dates ascending. */
  eligible: ReadonlyArray<{ from: string; minMonths: number }>
  /** Doses scheduled before licensure are given late, while the patient is younger than this. */
  catchUpUntilMonths?: number
  source: string
}

/**
 * A seasonal vaccine offered at a wellness visit in a season the patient goes without it is recorded
 * as declined: an Immunization not done, for patient objection (HL7 v3 ActReason PATOBJ, in FHIR's
 * immunization status reason value set that US Core's Immunization.statusReason takes), as EHRs
 * document an offered and refused influenza vaccine for the CMS influenza immunization measure.
 */
export const DECLINED = {
  reason: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'PATOBJ', display: 'patient objection' },
  source: 'FHIR R4 immunization-status-reason value set (v3 ActReason IMMUNE, MEDPREC, OSTOCK, PATOBJ); US Core 6.1 Immunization statusReason (must support)',
} as const

export const VACCINES: readonly VaccineDef[] = [
  { key: 'hepb', cvx: '08', display: 'Hep B, adolescent or pediatric', doses: [0, 2, 6], uptake: 0.91, eligible: [{ from: '1986-08-01', minMonths: 0 }], source: 'Recombivax HB licensed Jul 1986' },
  { key: 'dtap', cvx: '20', display: 'DTaP', doses: [2, 4, 6, 15, 48], uptake: 0.8, eligible: [{ from: '1992-01-01', minMonths: 15 }, { from: '1996-08-01', minMonths: 2 }], source: 'Acel-Imune licensed Dec 1991 for the 4th and 5th doses; Tripedia for the infant series Jul 1996' },
  { key: 'ipv', cvx: '10', display: 'IPV', doses: [2, 4, 6, 48], uptake: 0.92, eligible: [{ from: '1988-01-01', minMonths: 2 }], source: 'enhanced-potency IPV licensed 1987 (CDC Pink Book, Poliomyelitis)' },
  { key: 'hib', cvx: '49', display: 'Hib (PRP-OMP)', doses: [2, 4, 12], uptake: 0.8, eligible: [{ from: '1991-01-01', minMonths: 2 }], source: 'PedvaxHIB licensed for infants from 2 months, Dec 1990' },
  { key: 'pcv13', cvx: '133', display: 'Pneumococcal conjugate PCV 13', doses: [2, 4, 6, 12], uptake: 0.82, eligible: [{ from: '2010-02-24', minMonths: 1.5 }], source: 'Prevnar 13 licensed 24 Feb 2010' },
  { key: 'mmr', cvx: '03', display: 'MMR', doses: [12, 48], uptake: 0.9, eligible: [{ from: '1972-01-01', minMonths: 12 }], source: 'M-M-R licensed 1971' },
  { key: 'varicella', cvx: '21', display: 'varicella', doses: [12, 48], uptake: 0.9, eligible: [{ from: '1995-03-17', minMonths: 12 }], source: 'Varivax licensed 17 Mar 1995' },
  { key: 'hepa', cvx: '83', display: 'Hep A, ped/adol, 2 dose', doses: [12, 18], uptake: 0.75, eligible: [{ from: '1996-01-01', minMonths: 24 }, { from: '2005-09-01', minMonths: 12 }], source: 'pediatric Havrix licensed 1995 from 2 years; from 12 months Aug 2005' },
  { key: 'tdap', cvx: '115', display: 'Tdap', doses: [132], uptake: 0.89, eligible: [{ from: '2005-05-03', minMonths: 120 }], source: 'Boostrix licensed 3 May 2005 from 10 years' },
  { key: 'hpv', cvx: '165', display: 'HPV9', doses: [132, 138], uptake: 0.63, eligible: [{ from: '2014-12-10', minMonths: 108 }], catchUpUntilMonths: 312, source: 'Gardasil 9 licensed 10 Dec 2014 from 9 years; catch-up to 26 (ACIP)' },
  { key: 'menacwy', cvx: '114', display: 'meningococcal MCV4P', doses: [132, 192], uptake: 0.88, eligible: [{ from: '2005-01-14', minMonths: 132 }], source: 'Menactra licensed 14 Jan 2005 from 11 years' },
  { key: 'td', cvx: '113', display: 'Td (adult) preservative free', every: 120, fromMonths: 252, uptake: 0.6, eligible: [{ from: '2004-01-01', minMonths: 84 }], source: 'Tenivac (preservative-free Td) licensed 2003 from 7 years' },
  { key: 'influenza', cvx: '140', display: 'Influenza, seasonal, injectable, preservative free', every: 12, fromMonths: 6, uptake: 0.5, eligible: [{ from: '2004-01-01', minMonths: 6 }], source: 'preservative-free Fluzone licensed for children from 6 months in 2003' },
  {
    key: 'covid',
    cvx: '213',
    display: 'SARS-COV-2 (COVID-19) vaccine, UNSPECIFIED FORMULATION',
    every: 12,
    fromMonths: 6,
    uptake: 0.22,
    eligible: [{ from: '2020-12-11', minMonths: 192 }, { from: '2021-05-10', minMonths: 144 }, { from: '2021-10-29', minMonths: 60 }, { from: '2022-06-17', minMonths: 6 }],
    source: 'FDA emergency use authorizations: 16 years and older 11 Dec 2020; 12–15 on 10 May 2021; 5–11 on 29 Oct 2021; from 6 months 17 Jun 2022',
  },
  { key: 'zoster', cvx: '187', display: 'zoster recombinant', doses: [600, 602], uptake: 0.35, eligible: [{ from: '2017-10-20', minMonths: 600 }], catchUpUntilMonths: 1200, source: 'Shingrix licensed 20 Oct 2017 from 50 years; ACIP recommends it for all 50 and older' },
  { key: 'pcv20', cvx: '216', display: 'Pneumococcal conjugate PCV20, polysaccharide CRM197, preservative free', doses: [780], uptake: 0.6, eligible: [{ from: '2021-06-08', minMonths: 216 }], catchUpUntilMonths: 1200, source: 'Prevnar 20 licensed 8 Jun 2021 for adults; ACIP (Oct 2021) for every adult 65 and older without a prior conjugate vaccine' },
]
