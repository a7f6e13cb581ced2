import { expect, shown, type Check } from '../check.js'
import { bulkImport, HL_SPEC } from './shared.js'

export const check: Check = {
  id: 'HL-11',
  title: 'The job counters add up: scanned = imported + customer errors + server errors',
  description: `Every scanned resource is counted once: imported, a customer error or a server error ([StartFHIRImportJob, JobProgressReport](${HL_SPEC}); HealthLake import manifest).`,
  verifies: ['IMPORT-2'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const { result: r } = await bulkImport(ctx)
    const c = r.body.counters
    expect(c, 'expected counters in the job result, got none')
    expect(c.scanned === c.imported + c.customerErrors + c.serverErrors, `expected scanned = imported + customer errors + server errors, got ${shown(c)}`)
    expect(c.scanned === 1100, `expected 1,100 scanned, got ${shown(c.scanned)}`)
  },
}
