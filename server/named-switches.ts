// What faults and variants share: switches named on the command line (repeatable, or
// comma-separated), checked against their catalogue so an unknown name is one clear error.

/** `['a,b', 'c']` → the set {a, b, c}, or an error naming the unknown ones (`what`: fault, variant). */
export function parseNames<N extends string>(names: readonly string[], isName: (n: string) => n is N, what: string): ReadonlySet<N> {
  const list = names
    .flatMap((n) => n.split(','))
    .map((n) => n.trim())
    .filter(Boolean)
  const unknown = list.filter((n) => !isName(n))
  if (unknown.length) throw new Error(`unknown ${what}${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (see --list-${what}s)`)
  return new Set(list.filter(isName))
}
