// Payers, coverage and prices, as data. Payer mix: US Census Bureau, Health Insurance Coverage in
// the United States: 2022 (P60-281): 92.1 % insured; Medicare covers nearly everyone from 65,
// Medicaid/CHIP about a third of children and one adult in seven under 65, and 8–11 % are
// uninsured (rounded; the split by age is ours). Source of Payment Typology codes (PHDSC SOPT,
// the value set US Core Coverage binds). Prices are our estimates in the range of the CMS
// Physician Fee Schedule national amounts and, for a hospital day, KFF's adjusted expenses per
// inpatient day (about $2,900 in 2021); what a payer allows and pays is our estimate too.

export interface PayerDef {
  key: string
  name: string
  sopt: { code: string; display: string }
  /** Share of the billed amount the payer allows, and the share of that it pays. */
  allowed: number
  pays: number
  plan: string
}

export const PAYERS: readonly PayerDef[] = [
  { key: 'medicare', name: 'Medicare (synthetic administrative contractor)', sopt: { code: '1', display: 'MEDICARE' }, allowed: 0.45, pays: 0.8, plan: 'Medicare Part A and B' },
  { key: 'medicaid', name: 'State Medicaid Program (synthetic)', sopt: { code: '2', display: 'MEDICAID' }, allowed: 0.35, pays: 1, plan: 'Medicaid managed care' },
  { key: 'harbor', name: 'Blue Harbor Health Plan (synthetic)', sopt: { code: '5', display: 'PRIVATE HEALTH INSURANCE' }, allowed: 0.6, pays: 0.8, plan: 'Employer PPO' },
  { key: 'tidewater', name: 'Tidewater Mutual Insurance (synthetic)', sopt: { code: '5', display: 'PRIVATE HEALTH INSURANCE' }, allowed: 0.55, pays: 0.85, plan: 'Employer HMO' },
]

/** Who pays, by age band (up to `toAge`): shares of patients per payer key; the rest are uninsured. Medicare from 65. */
export const PAYER_MIX: ReadonlyArray<{ toAge: number; shares: Readonly<Record<string, number>> }> = [
  { toAge: 18, shares: { medicaid: 0.36, harbor: 0.33, tidewater: 0.26 } },
  { toAge: 64, shares: { medicaid: 0.14, harbor: 0.41, tidewater: 0.34 } },
  { toAge: 200, shares: { medicare: 1 } },
]

/** The age Medicare starts (the month of the 65th birthday). */
export const MEDICARE_AGE = 65

/** Billed amounts in USD: per visit by kind (inpatient per day), per procedure, lab panel, vaccine and prescription. */
export const PRICES = {
  visit: { wellness: 180, followUp: 120, diagnosis: 140, symptom: 120, immunization: 30, emergency: 950, inpatientPerDay: 2900 },
  procedure: { default: 150, colonoscopy: 1100, mammography: 250, ecg: 60, spirometry: 75, throatCulture: 30, depressionScreening: 20, medicationReconciliation: 40, chestXray: 90, kneeReplacement: 21000, hipReplacement: 22000 },
  labPanel: 45,
  vaccine: 90,
  prescription: 35,
} as const
