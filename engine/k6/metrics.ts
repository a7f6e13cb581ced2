// `k6/metrics`: custom Counter, Gauge, Rate and Trend; samples carry the VU's tags and scenario.
import { type VuView } from './runtime.js'

type Kind = 'counter' | 'gauge' | 'rate' | 'trend'

/** `k6/metrics` as one VU sees it: samples carry its tags, scenario and group. */
export function metricsModule(vu: VuView) {
  class Metric {
    constructor(
      readonly name: string,
      private readonly kind: Kind,
      private readonly isTime = false,
    ) {
      vu.run.declare(name, kind, isTime)
    }

    add(value: number | boolean, tags: Record<string, string> = {}): void {
      const v = typeof value === 'boolean' ? (value ? 1 : 0) : Number(value)
      vu.run.add(this.name, this.kind, v, { ...vu.tags, ...tags, scenario: vu.scenario, ...(vu.groups.length ? { group: `::${vu.groups.join('::')}` } : {}) }, this.isTime)
    }
  }

  class Counter extends Metric {
    constructor(name: string) {
      super(name, 'counter')
    }
  }
  class Gauge extends Metric {
    constructor(name: string, isTime = false) {
      super(name, 'gauge', isTime)
    }
  }
  class Rate extends Metric {
    constructor(name: string) {
      super(name, 'rate')
    }
  }
  class Trend extends Metric {
    constructor(name: string, isTime = false) {
      super(name, 'trend', isTime)
    }
  }

  const all = { Counter, Gauge, Rate, Trend }
  return { ...all, default: all }
}
