import { expect, shown, type Check } from '../check.js'
import { fixture, refs, search, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-12',
  title: 'Date prefixes gt and le select by range',
  description: `Date prefixes compare ranges: \`birthdate=gt1975-01-01\` and \`birthdate=le1960-06-15\` ([R4 search, prefixes](${SPEC}#prefix)).`,
  verifies: ['FHIR-SEARCH-2'],
  level: 'SHALL',
  needs: [
    { interaction: 'search-type', type: 'Patient' },
    { searchParam: 'birthdate', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const f = await fixture(ctx)
    const gt = await search(ctx, 'se-date-gt', 'Patient?birthdate=gt1975-01-01')
    const want = refs('Patient', [f.get('brown'), f.get('green')])
    expect(JSON.stringify(gt.ids.sort()) === JSON.stringify(want), `expected ${shown(want)} for birthdate=gt1975-01-01, got ${shown(gt.ids.sort())}`)
    const le = await search(ctx, 'se-date-le', 'Patient?birthdate=le1960-06-15')
    const want2 = refs('Patient', [f.get('smith'), f.get('smithson')])
    expect(JSON.stringify(le.ids.sort()) === JSON.stringify(want2), `expected ${shown(want2)} for birthdate=le1960-06-15, got ${shown(le.ids.sort())}`)
  },
}
