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
  function autocannon(options: { url: string; connections?: number; duration?: number; amount?: number; pipelining?: number; headers?: Record<string, string>; method?: string; body?: string }): Promise<Result>
  export default autocannon
}
