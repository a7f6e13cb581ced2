// A dataset folder as its files, for byte-for-byte comparisons of two runs (a merged run against
// the unsharded one, a covered run against a plain one): relative path → bytes, gzip files
// decompressed, run.json (timings, outside the determinism guarantee) left out.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { gunzipSync } from 'node:zlib'

export function tree(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else if (name !== 'run.json') out.set(relative(root, p), name.endsWith('.gz') ? gunzipSync(readFileSync(p)) : readFileSync(p))
    }
  }
  walk(root)
  return out
}
