// Small string helpers that keep their types honest under noUncheckedIndexedAccess.

/** `a?b` → ['a', 'b']; without the separator → [s, undefined]. Splits at the first one only. */
export function cut(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep)
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + sep.length)]
}
