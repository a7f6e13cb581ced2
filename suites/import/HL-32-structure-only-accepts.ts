import { expect, shown, type Check } from '../check.js'
import { corpus, importJob, HL_SPEC } from './shared.js'

export const check: Check = {
  id: 'HL-32',
  title: 'structure-only validation accepts what only breaks profiles or bindings',
  description: `At \`structure-only\` only base-R4 structure is checked: corpus items that break a binding or a profile import; structural ones fail ([StartFHIRImportJob, ValidationLevel](${HL_SPEC}#HealthLake-StartFHIRImportJob-request-ValidationLevel); the corpus labels state the assumed semantics).`,
  verifies: ['IMPORT-3'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const c = corpus(ctx)
    const r = await importJob(ctx, 'corpus-structure-only', c.ndjson, 'structure-only')
    for (const item of c.items) if (item.expected['structure-only'] === 'accepted') ctx.created.add(`${JSON.parse(c.ndjson.split('\n')[item.lineId - 1]).resourceType}/${item.id}`)
    const rejected = r.failures.map((f) => f.lineId)
    const wrong = c.items.filter((i) => (i.expected['structure-only'] === 'rejected') !== rejected.includes(i.lineId)).map((i) => `${i.label} (expected ${i.expected['structure-only']})`)
    expect(wrong.length === 0, `expected the structure-only outcomes of the labels, got these wrong: ${shown(wrong)}`)
  },
}
