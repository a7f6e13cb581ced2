// `k6` under the Shoreline engine: check, group, fail, randomSeed — and sleep, which cannot block a
// VU in Node, so it stops the run with the async form that works on k6 and here alike.
import { UnsupportedCall, type VuView } from './runtime.js'

type Checker<T> = ((value: T) => unknown) | unknown

/** The `k6` module as one VU sees it (its groups, tags and scenario). */
export function k6Module(vu: VuView) {
  const groupPath = () => (vu.groups.length ? `::${vu.groups.join('::')}` : '')

  // A check's tags, made once per (scenario, group, check) while the VU's tags stay the same object.
  const tagCache = new Map<string, Map<string, Map<string, Record<string, string>>>>()
  let cachedFor: Record<string, string> | undefined
  function checkTags(name: string, path: string, extra: Record<string, string>): Record<string, string> {
    for (const _k in extra) return { ...vu.tags, ...extra, check: name, group: path, scenario: vu.scenario }
    if (cachedFor !== vu.tags) {
      tagCache.clear()
      cachedFor = vu.tags
    }
    let byPath = tagCache.get(vu.scenario)
    if (!byPath) tagCache.set(vu.scenario, (byPath = new Map()))
    let byName = byPath.get(path)
    if (!byName) byPath.set(path, (byName = new Map()))
    let t = byName.get(name)
    if (!t) byName.set(name, (t = { ...vu.tags, check: name, group: path, scenario: vu.scenario }))
    return t
  }

  const NO_TAGS: Record<string, string> = {}
  function check<T>(value: T, sets: Record<string, Checker<T>>, tags: Record<string, string> = NO_TAGS): boolean {
    let all = true
    // for…in, not Object.entries: a check runs on every iteration.
    for (const name in sets) {
      const fn = sets[name]
      let ok: unknown
      try {
        ok = typeof fn === 'function' ? (fn as (v: T) => unknown)(value) : fn
      } catch {
        ok = false
      }
      if (ok instanceof Promise) throw new UnsupportedCall('check(): async check functions are not allowed (as in k6); await the value first, then check it')
      const passed = !!ok
      all &&= passed
      const path = groupPath()
      vu.run.add('checks', 'rate', passed ? 1 : 0, checkTags(name, path, tags), false)
      vu.run.check(path, name, passed)
    }
    return all
  }

  function group<T>(name: string, fn: () => T): T {
    // As k6 does: a warning, and the run goes on; the group holds only what runs before the first await.
    if (fn.constructor?.name === 'AsyncFunction')
      vu.run.log(
        'warn',
        `group(${JSON.stringify(name)}) was given an async function: only the part before its first await is inside the group (its duration and group tag); tag requests with \`tags: { name }\` instead`,
        true,
      )
    vu.groups.push(name)
    const path = groupPath()
    vu.run.groupSeen(path)
    const started = performance.now()
    try {
      return fn()
    } finally {
      vu.run.add('group_duration', 'trend', performance.now() - started, { ...vu.tags, group: path, scenario: vu.scenario }, true)
      vu.groups.pop()
    }
  }

  function sleep(_seconds: number): never {
    throw new UnsupportedCall(
      'sleep() blocks the VU, which Node cannot do; write `await new Promise((r) => setTimeout(r, ms))` with setTimeout from k6/timers — it works on k6 and on this engine',
    )
  }

  function fail(message?: string): never {
    throw new Error(message ?? 'fail() called')
  }

  function randomSeed(_seed: number): void {
    // Math.random is not seedable in Node; scenarios use their own seeded picks.
  }

  return { check, group, sleep, fail, randomSeed, default: { check, group, sleep, fail, randomSeed } }
}
