import { parseBody } from '../expect.js'
import { expect, shown, skip, type Check } from '../check.js'
import { finished, SPEC } from './shared.js'

export const check: Check = {
  id: 'BE-17',
  title: 'Files are NDJSON of the named type, served as application/fhir+ndjson',
  description: `Each file downloads with \`Content-Type: application/fhir+ndjson\`; every line is a resource of the output's \`type\`; the lines match \`count\` when given ([Bulk Data IG, File request](${SPEC}#file-request)).`,
  verifies: ['BULK-4'],
  level: 'SHALL',
  async run(ctx) {
    const { manifest } = await finished(ctx)
    if (!manifest.output?.length) skip('the export has no files (BE-16)')
    for (const [i, o] of manifest.output.entries()) {
      const ex = await ctx.exchange(`export-file-${i}`, 'GET', o.url!, { accept: 'application/fhir+ndjson' })
      expect(ex.response?.status === 200, `expected HTTP 200 for ${o.type} file, got ${ex.response?.status ?? ex.error}`)
      expect(
        /^application\/fhir\+ndjson/.test(ex.response.headers['content-type'] ?? ''),
        `expected \`Content-Type: application/fhir+ndjson\`, got ${shown(ex.response.headers['content-type'])}`,
      )
      const lines = ex.response.body.split('\n').filter((l) => l.trim() !== '')
      for (const [n, line] of lines.entries()) {
        let r: { resourceType?: string }
        try {
          r = parseBody(line)
        } catch {
          expect(false, `expected line ${n + 1} of the ${o.type} file to be JSON`)
        }
        expect(r.resourceType === o.type, `expected line ${n + 1} of the ${o.type} file to be a ${o.type}, got ${shown(r.resourceType)}`)
      }
      if (typeof o.count === 'number') expect(o.count === lines.length, `expected ${o.count} lines in the ${o.type} file (its \`count\`), got ${lines.length}`)
    }
  },
}
