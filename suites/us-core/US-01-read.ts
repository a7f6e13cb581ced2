import { expect, skip, type Check } from '../check.js'
import { US_CORE_PROFILES } from '../../lib/us-core/index.js'
import { MUST_SUPPORT, mustSupportDiffs, readBack, SERVER_CS, slugOf } from './shared.js'

/** US-01 for one US Core profile: resources claiming it read back with their must-support elements as written. */
export function readCheck(url: string): Check {
  const p = US_CORE_PROFILES[url]!
  const slug = slugOf(url)
  return {
    id: `US-01-${slug}`,
    title: `US Core ${p.name}: read returns what was written, must-support elements unaltered`,
    description: `Up to five of the dataset's ${p.type} resources claiming \`${url}\` are read by id: each answers 200, and each must-support element the dataset filled (${p.mustSupport.map((e) => `\`${e}\``).join(', ')}) comes back as written, references mapped where the server assigns ids ([US Core Server CapabilityStatement](${SERVER_CS}); [Must Support](${MUST_SUPPORT})).`,
    verifies: ['USCORE-READ', 'USCORE-MS'],
    level: 'SHALL',
    needs: [{ interaction: 'read', type: p.type }],
    writes: true,
    async run(ctx) {
      const reads = await readBack(ctx, url, p.type)
      if (reads.length === 0) skip(`the dataset holds no ${p.type} claiming ${slug}`)
      const problems = reads.flatMap((r) =>
        r.read ? mustSupportDiffs(p, r.sample.ref, r.sample.resource, r.read, 'read') : [`${r.sample.ref}: read answered ${r.status ?? r.error}`],
      )
      expect(
        problems.length === 0,
        `expected ${reads.length} ${p.type} claiming ${slug} to read back with their must-support elements unaltered: ${problems.slice(0, 3).join('; ')}`,
      )
    },
  }
}
