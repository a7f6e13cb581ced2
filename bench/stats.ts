// The statistics every benchmark reports: medians over rounds on a shared, noisy machine.

/** The median of a non-empty list (the upper middle for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no measurements')
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
}
