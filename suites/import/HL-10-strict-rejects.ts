import { expect, shown, type Check } from '../check.js'
import { corpus, importJob, HL_SPEC } from './shared.js'

export const check: Check = {
  id: 'HL-10',
  title: 'strict validation rejects exactly the labelled-invalid corpus items',
  description: `Importing the labelled invalid corpus at \`strict\`, every item labelled rejected fails and every item labelled accepted imports ([StartFHIRImportJob, ValidationLevel](${HL_SPEC}#HealthLake-StartFHIRImportJob-request-ValidationLevel)).`,
  verifies: ['IMPORT-3'],
  level: 'SHALL',
  writes: true,
  async run(ctx) {
    const c = corpus(ctx)
    const r = await importJob(ctx, 'corpus-strict', c.ndjson, 'strict')
    for (const item of c.items) if (item.expected.strict === 'accepted') ctx.created.add(`${JSON.parse(c.ndjson.split('\n')[item.lineId - 1]).resourceType}/${item.id}`)
    const rejected = r.failures.map((f) => f.lineId).sort((a, b) => a - b)
    const want = c.items.filter((i) => i.expected.strict === 'rejected').map((i) => i.lineId)
    const wrong = c.items.filter((i) => (i.expected.strict === 'rejected') !== rejected.includes(i.lineId)).map((i) => `${i.label} (expected ${i.expected.strict})`)
    expect(wrong.length === 0, `expected lines ${shown(want)} rejected at strict, got ${shown(rejected)}: ${wrong.join(', ')}`)
  },
}
