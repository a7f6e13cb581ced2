// For the few places an index is known to be in range (a table row, a loop bound): says so, and
// fails loudly naming what was missing if it ever is not, instead of carrying `undefined` on.
export function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`internal: ${what} is missing`)
  return value
}
