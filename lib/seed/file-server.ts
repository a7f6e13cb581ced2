// The loopback file server FHIR `$import` pulls from: the files, and a Bulk Data manifest listing them.
import { createReadStream, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { ImportFile } from './import.js'

/** A loopback server for `files` and a Bulk Data manifest listing them (what `$import` pulls). */
export async function fileServer(files: ImportFile[]): Promise<{ url: string; server: Server }> {
  const byName = new Map(files.map((f) => [f.name, f]))
  const server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').slice(1))
    if (name === 'manifest.json') {
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}/`
      return res.writeHead(200, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({
          transactionTime: new Date().toISOString(),
          request: `${base}manifest.json`,
          requiresAccessToken: false,
          output: files.map((f) => ({ type: 'Mixed', url: `${base}${encodeURIComponent(f.name)}` })),
          error: [],
        }),
      )
    }
    const f = byName.get(name)
    if (!f) return res.writeHead(404).end()
    res.writeHead(200, { 'Content-Type': 'application/fhir+ndjson', 'Content-Length': String(statSync(f.path).size) })
    createReadStream(f.path).pipe(res)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, server }
}
