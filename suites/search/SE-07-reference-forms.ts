import type { Check } from '../check.js'
import { expectMatches, fixture, search, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-07',
  title: 'A reference searched by id, Type/id, full URL or `:Type` modifier finds the same resources',
  description: `\`subject=<id>\`, \`subject=Patient/<id>\`, \`subject=<base>Patient/<id>\` and \`subject:Patient=<id>\` each find the one Observation about that Patient; a server that does not support the \`:Patient\` modifier may refuse it with 400 ([R4 search, reference](${SPEC}#reference)).`,
  verifies: ['FHIR-SEARCH-11'],
  level: 'SHALL',
  needs: [
    { interaction: 'search-type', type: 'Observation' },
    { searchParam: 'subject', type: 'Observation' },
  ],
  writes: true,
  async run(ctx) {
    const f = await fixture(ctx)
    const id = f.get('smith')!
    const forms = { bare: id, relative: `Patient/${id}`, absolute: new URL(`Patient/${id}`, ctx.client.base).toString() }
    for (const [label, value] of Object.entries(forms)) await expectMatches(ctx, `se-ref-${label}`, `Observation?subject=${encodeURIComponent(value)}`, ['obs-hr'])
    // R4 lets a server refuse a modifier it does not support (HealthLake documents no :[type]); one it answers must be right.
    const typed = await search(ctx, 'se-ref-typed-probe', `Observation?subject:Patient=${id}`)
    if (typed.status === 400) return
    await expectMatches(ctx, 'se-ref-typed', `Observation?subject:Patient=${id}`, ['obs-hr'])
  },
}
