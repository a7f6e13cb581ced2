import { expect, shown, type Check } from '../check.js'
import { fixture, refs, search, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-10',
  title: 'The :not modifier excludes the value',
  description: `\`gender:not=male\` matches every resource whose gender is not male ([R4 search, token :not](${SPEC}#token)).`,
  verifies: ['FHIR-SEARCH-3'],
  level: 'SHALL',
  needs: [
    { interaction: 'search-type', type: 'Patient' },
    { searchParam: 'gender', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const f = await fixture(ctx)
    const page = await search(ctx, 'se-not', 'Patient?gender:not=male')
    const want = refs('Patient', [f.get('smith'), f.get('smithson'), f.get('jones'), f.get('brown')])
    expect(JSON.stringify(page.ids.sort()) === JSON.stringify(want), `expected the four others for gender:not=male, got ${shown(page.ids.sort())}`)
  },
}
