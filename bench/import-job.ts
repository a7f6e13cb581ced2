// One `$import` job run to its end, for the benchmarks: the kick-off (ping and pull, a manifest on a
// loopback file server) and the status polled every 100 ms until the job answers, within `limitMs`.
// The time runs from the kick-off to the final answer.
import { setTimeout as sleep } from 'node:timers/promises'

export interface ImportResult {
  seconds: number
  jobStatus: string
  counters: { scanned: number; imported: number; customerErrors: number; serverErrors: number }
}

export async function importJob(base: string, manifestUrl: string, level: string, limitMs = 600_000): Promise<ImportResult> {
  const t0 = performance.now()
  const kick = await fetch(`${base}$import`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/fhir+json', Prefer: 'respond-async' },
    body: JSON.stringify({
      resourceType: 'Parameters',
      parameter: [
        { name: 'manifestUrl', valueUrl: manifestUrl },
        { name: 'validationLevel', valueCode: level },
      ],
    }),
  })
  if (kick.status !== 202) throw new Error(`$import kick-off: ${kick.status} ${await kick.text()}`)
  const status = kick.headers.get('content-location')!
  while (performance.now() - t0 < limitMs) {
    const res = await fetch(status)
    if (res.status === 200) return { ...((await res.json()) as Omit<ImportResult, 'seconds'>), seconds: (performance.now() - t0) / 1000 }
    if (res.status !== 202) throw new Error(`$import status ${res.status}: ${await res.text()}`)
    await res.arrayBuffer()
    await sleep(100)
  }
  throw new Error(`$import did not finish within ${limitMs / 60_000} minutes`)
}
