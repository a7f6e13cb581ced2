// Presets: a named set of variants and documented deviations that makes the stand-in behave like a
// product (`shoreline serve --preset healthlake`). Variants are legal; a preset's faults are the
// product's documented deviations from the spec, so each fault's checks must be deviations in the
// product's target profile (PRESET-01 holds this), and `conform --target-profile <profile>` against
// the preset has no fail and no error (PRESET-02).
import type { FaultName } from './faults/catalogue.js'
import type { VariantName } from './variants/catalogue.js'
import type { TargetProfileName } from '../lib/target/config.js'

export interface Preset {
  name: string
  does: string
  /** The target profile that documents this product. */
  profile: TargetProfileName
  variants: readonly VariantName[]
  /** The product's documented deviations, each a fault whose checks the profile lists. */
  faults: readonly FaultName[]
}

export const PRESETS = {
  healthlake: {
    name: 'healthlake',
    does: 'HealthLake as its developer guide describes it: search pages of at most 100, eventually consistent search (the strong consistency header sees pending writes), Bundle limits with asynchronous transactions, its documented search subset, case-sensitive string search, and conditional PUTs only in batch Bundles',
    profile: 'healthlake',
    variants: ['page-size-100', 'eventual-search', 'healthlake-bundles', 'healthlake-search'],
    faults: ['search-string-case-sensitive', 'tx-conditional-put-batch-only'],
  },
} as const satisfies Record<string, Preset>

export type PresetName = keyof typeof PRESETS

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name)
}
