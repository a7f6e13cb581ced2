// `k6/metrics`: custom Counter, Gauge, Rate and Trend; samples carry the VU's tags and scenario.
import { __shoreline_vu as vu } from './globals.js'
import { engine } from './runtime.js'

type Kind = 'counter' | 'gauge' | 'rate' | 'trend'

class Metric {
  constructor(
    readonly name: string,
    private readonly kind: Kind,
    private readonly isTime = false,
  ) {
    engine().declare(name, kind, isTime)
  }

  add(value: number | boolean, tags: Record<string, string> = {}): void {
    const v = typeof value === 'boolean' ? (value ? 1 : 0) : Number(value)
    engine().add(this.name, this.kind, v, { ...vu.tags, ...tags, scenario: vu.scenario, ...(vu.groups.length ? { group: `::${vu.groups.join('::')}` } : {}) }, this.isTime)
  }
}

export class Counter extends Metric {
  constructor(name: string) {
    super(name, 'counter')
  }
}
export class Gauge extends Metric {
  constructor(name: string, isTime = false) {
    super(name, 'gauge', isTime)
  }
}
export class Rate extends Metric {
  constructor(name: string) {
    super(name, 'rate')
  }
}
export class Trend extends Metric {
  constructor(name: string, isTime = false) {
    super(name, 'trend', isTime)
  }
}
