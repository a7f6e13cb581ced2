// The part of autocannon's API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  interface Histogram {
    average: number
    p50: number
    p99: number
    [k: string]: number
  }
  interface Result {
    requests: Histogram
    latency: Histogram
    throughput: Histogram
    errors: number
    timeouts: number
    non2xx: number
  }
  interface Options {
    url: string
    connections?: number
    duration?: number
    amount?: number
    pipelining?: number
    headers?: Record<string, string>
    method?: string
    body?: string
  }
  interface Instance {
    on(event: 'response' | 'tick', listener: () => void): Instance
  }
  function autocannon(options: Options): Promise<Result>
  function autocannon(options: Options, done: (err: Error | null, result: Result) => void): Instance
  export default autocannon
}
