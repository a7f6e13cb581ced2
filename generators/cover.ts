// `generate --cover-profiles`: a small dataset that holds every US Core profile a patient's record
// can claim, so a CI run of the us-core suite exercises every check instead of skipping the
// profiles its few patients happen not to hold (an implant, an infant's head circumference, an
// allergy). Without it, the run's patients are the seed's stream in order: patient i is the
// stream's patient i. With it, the stream is read from the start until every profile has been seen;
// if the first N patients already hold them all nothing changes, otherwise the N patients are a few
// that hold them (greedy set cover: the one holding most still missing, the earlier on a tie) and, after them, the
// stream's first patients not yet taken, in stream order. The choice depends only on the seed and
// the run's settings, so every shard of a run makes the same one.
import { generatePatient, type GenContext } from './clinical/record.js'
import { US_CORE } from './data/systems.js'

/**
 * The US Core profiles (their canonical URL's last part) a patient's record can claim; the shared
 * pool's (Organization, Location, Practitioner, PractitionerRole, Medication) are in every run.
 * test/generators/cover.test.ts holds the list to generated data, both ways.
 */
export const RECORD_PROFILES: readonly string[] = [
  ...[
    US_CORE.patient,
    US_CORE.encounter,
    US_CORE.conditionProblems,
    US_CORE.conditionEncounterDiagnosis,
    US_CORE.observationLab,
    US_CORE.diagnosticReportLab,
    US_CORE.diagnosticReportNote,
    US_CORE.documentReference,
    US_CORE.medicationRequest,
    US_CORE.immunization,
    US_CORE.allergyIntolerance,
    US_CORE.procedure,
    US_CORE.serviceRequest,
    US_CORE.coverage,
    US_CORE.provenance,
    US_CORE.careTeam,
    US_CORE.goal,
    US_CORE.carePlan,
    US_CORE.implantableDevice,
    US_CORE.screeningAssessment,
  ].map(slug),
  // Observations name theirs per code (data/observations.ts).
  'us-core-smokingstatus',
  'us-core-blood-pressure',
  'us-core-heart-rate',
  'us-core-respiratory-rate',
  'us-core-body-temperature',
  'us-core-pulse-oximetry',
  'us-core-body-height',
  'us-core-body-weight',
  'us-core-bmi',
  'pediatric-bmi-for-age',
  'us-core-head-circumference',
  'head-occipital-frontal-circumference-percentile',
  'pediatric-weight-for-height',
]

/**
 * Patients read from the stream, at most, looking for a profile: the rarest (an implantable device,
 * from a knee or hip replacement) is held by about 3 % of patients over ten years, so this is far
 * past where each appears (within the first 42 patients at seeds 1, 7, 28, 42 and 131 over ten years); a profile a
 * run's settings cannot produce (an infant's, in a population with none) ends the scan here.
 */
export const COVER_SCAN = 2000

export interface Cover {
  /** The stream index of each of the run's patients, in order; absent when they are the stream's first N. */
  picks?: number[]
  /** Profiles no patient within the scan holds (or that N patients are too few to hold). */
  missing: string[]
}

export function slug(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1)
}

/** The run's patients, chosen to hold every record profile (the file's head says how). */
export function coverProfiles(ctx: GenContext, patients: number, scanLimit = COVER_SCAN): Cover {
  const wanted = new Set(RECORD_PROFILES)
  const seen = new Set<string>()
  /** What each scanned patient holds of the wanted profiles, by stream index. */
  const held: Array<Set<string>> = []
  for (let i = 0; i < scanLimit && seen.size < wanted.size; i++) {
    const mine = new Set<string>()
    for (const r of generatePatient(ctx, i).resources)
      for (const url of (r.meta as { profile?: string[] } | undefined)?.profile ?? []) {
        const p = slug(url)
        if (!wanted.has(p)) continue
        mine.add(p)
        seen.add(p)
      }
    held.push(mine)
  }
  const unseen = [...wanted].filter((p) => !seen.has(p))
  // The first N hold everything the scan found: the run is the plain one.
  if (held.length <= patients) return { missing: unseen }
  const chosen = new Set<number>()
  const left = new Set(seen)
  while (left.size > 0 && chosen.size < patients) {
    let best = -1
    let gain = 0
    for (const [i, mine] of held.entries()) {
      if (chosen.has(i)) continue
      let g = 0
      for (const p of mine) if (left.has(p)) g++
      if (g > gain) [best, gain] = [i, g]
    }
    chosen.add(best)
    for (const p of held[best]!) left.delete(p)
  }
  for (let i = 0; chosen.size < patients; i++) chosen.add(i)
  return { picks: [...chosen].sort((a, b) => a - b), missing: [...unseen, ...left] }
}
