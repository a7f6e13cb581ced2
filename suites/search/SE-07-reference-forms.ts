import type { Check } from '../check.js'
import { expectMatches, fixture, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-07',
  title: 'A reference searched by id, Type/id, full URL or `:Type` modifier finds the same resources',
  description: `\`subject=<id>\`, \`subject=Patient/<id>\`, \`subject=<base>Patient/<id>\` and \`subject:Patient=<id>\` each find the one Observation about that Patient ([R4 search, reference](${SPEC}#reference)).`,
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
    await expectMatches(ctx, 'se-ref-typed', `Observation?subject:Patient=${id}`, ['obs-hr'])
  },
}
