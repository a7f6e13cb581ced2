// What the k6 shims inside a VU's bundle call: this run's metrics, checks, SharedArrays,
// test.abort()/fail(), HTTP and the k6/execution views, bound to one TestRun.
import type { HttpEngine } from './http.js'
import { K6_MODULES } from './k6/modules.js'
import { UnsupportedCall, type EngineRuntime, type VuView } from './k6/runtime.js'
import { EXIT, StopTest, type TestRun } from './test-run.js'

/** k6 allows no HTTP while a VU's init code runs. */
const IN_INIT = 'HTTP requests are not allowed in the init context (as in k6); make them in setup() or the default function'

export function runtimeFor(run: TestRun, env: Record<string, string>, scriptDir: string, http: () => HttpEngine | undefined): EngineRuntime {
  const rt: EngineRuntime = {
    env: { ...env },
    scriptDir,
    get options() {
      return run.options
    },
    testStart: performance.now(),
    modules: K6_MODULES,
    add: (metric, type, value, tags, isTime) => run.registry.add(metric, type, value, tags, isTime),
    declare: (metric, type, isTime) => void run.registry.get(metric, type, isTime),
    check(path, name, ok) {
      const key = `${path}::${name}`
      let c = run.checks.get(key)
      if (!c) run.checks.set(key, (c = { name, path, passes: 0, fails: 0 }))
      if (ok) c.passes++
      else c.fails++
    },
    groupSeen: (p) => void run.groups.add(p),
    shared(name, make) {
      let a = run.shared.get(name)
      if (!a) {
        a = make()
        if (!Array.isArray(a)) throw new Error(`SharedArray ${name}: the function must return an array`)
        Object.freeze(a)
        run.shared.set(name, a)
      }
      return a
    },
    abort(message) {
      run.stop(EXIT.aborted, `test aborted: ${message ?? 'test.abort() called'}`)
      throw new StopTest(EXIT.aborted, message ?? 'test aborted')
    },
    log: (level, text, once) => run.log(level, text, once),
    markFailed(message) {
      run.failedByScript = true
      if (message) run.logError('test.fail', new Error(message))
    },
    http: {
      request: (method, url, body, params, vu) => {
        if (vu.inInit) throw new UnsupportedCall(IN_INIT)
        return engineOf(http).request(method, url, body, params, vu)
      },
      setResponseCallback: (cb) => engineOf(http).setResponseCallback(cb),
    },
    execution: (vu) => ({
      instance: {
        iterationsInterrupted: run.interrupted,
        iterationsCompleted: run.completed,
        vusActive: run.active,
        vusInitialized: run.vusInitialized,
        currentTestRunDuration: Date.now() - run.started,
      },
      scenario: {
        name: vu.scenario,
        executor: vu.executor,
        startTime: vu.scenarioStart,
        progress: 0,
        iterationInInstance: vu.iterationInInstance,
        iterationInTest: vu.iterationInScenario,
      },
      vu: {
        idInInstance: vu.idInInstance,
        idInTest: vu.idInTest,
        iterationInInstance: vu.iterationInInstance,
        iterationInScenario: vu.iterationInScenario,
        metrics: { tags: vu.tags, metadata: {} },
        tags: vuTags(vu),
      },
    }),
  }
  return rt
}

/** HTTP exists once the options are read (after init); init code cannot reach it. */
function engineOf(http: () => HttpEngine | undefined): HttpEngine {
  const h = http()
  if (!h) throw new UnsupportedCall(IN_INIT)
  return h
}

const SYSTEM_TAGS = new Set<PropertyKey>(['scenario', 'group'])

/** exec.vu.tags as k6 shows it: the VU's own tags with `scenario` and `group` (the group path, '' outside one); writes set the VU's tags. */
function vuTags(vu: VuView): Record<string, string> {
  const system = (k: PropertyKey) => (k === 'scenario' ? vu.scenario : vu.groups.length ? `::${vu.groups.join('::')}` : '')
  return new Proxy(vu.tags, {
    get: (t, k) => (SYSTEM_TAGS.has(k) ? system(k) : Reflect.get(t, k)),
    has: (t, k) => SYSTEM_TAGS.has(k) || Reflect.has(t, k),
    ownKeys: (t) => [...new Set([...Reflect.ownKeys(t), 'scenario', 'group'])],
    getOwnPropertyDescriptor: (t, k) => (SYSTEM_TAGS.has(k) ? { value: system(k), enumerable: true, configurable: true, writable: true } : Reflect.getOwnPropertyDescriptor(t, k)),
  })
}
