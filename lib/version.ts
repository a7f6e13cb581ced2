import { createRequire } from 'node:module'

let cached: string | undefined
/** The package version, read once from package.json (works from source and from dist/). */
export function toolVersion(): string {
  if (cached) return cached
  const require = createRequire(import.meta.url)
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = require(rel) as { name?: string; version?: string }
      if (pkg.name === 'shoreline' && pkg.version) return (cached = pkg.version)
    } catch {
      /* try the next location */
    }
  }
  return (cached = '0.0.0')
}
