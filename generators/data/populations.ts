// Whose records a dataset holds (`generate --population`), so a load or import test can be sized
// for the store it stands for. Each population is the general one (every patient drawn as
// before, by age, sex and US rates) kept to the people that store holds: a patient index is
// filled by the first candidate, in a fixed order of draws, who belongs, so a run stays
// deterministic and shards stay disjoint.

export interface PopulationDef {
  key: string
  /** Who is in it (for --help). */
  who: string
  /** The test a candidate must pass (record.ts), or none: everyone. */
  test?: 'comesToHospital' | 'insured'
}

export const POPULATIONS = {
  'primary-care': { key: 'primary-care', who: 'everyone a primary-care network serves, by US age, sex and prevalence (the default)' },
  hospital: {
    key: 'hospital',
    who: 'a hospital’s patients: people with an emergency visit or an inpatient stay in the window (about two in three people over 10 years, 14 % over one)',
    test: 'comesToHospital',
  },
  payer: { key: 'payer', who: 'a health plan’s members: people the pool’s payers cover at the end of the window, alive (about 90 % of people over 5 years)', test: 'insured' },
} as const satisfies Record<string, PopulationDef>

export type PopulationKey = keyof typeof POPULATIONS

/** A population's definition, widened (its test is optional). */
export const population = (key: PopulationKey): PopulationDef => POPULATIONS[key]

/**
 * Candidates tried for one patient index before the run gives up (a window too short for the
 * population to hold anyone): at a 4 % share, 1,000 tries all miss with a chance of 1 in 10^17.
 */
export const POPULATION_TRIES = 1000
