import { setImmediate } from 'node:timers/promises'
import { expect, skip, type Check } from '../check.js'
import { US_CORE_PROFILES } from '../../lib/us-core/index.js'
import { usCoreValidator } from '../../lib/us-core/validator.js'
import { readBack, returned, SERVER_CS, slugOf } from './shared.js'

/** US-03 for one US Core profile: what the server returned claiming it conforms to it. */
export function validCheck(url: string): Check {
  const p = US_CORE_PROFILES[url]!
  const slug = slugOf(url)
  return {
    id: `US-03-${slug}`,
    title: `US Core ${p.name}: every resource the server returns claiming it conforms to it`,
    description: `Each ${p.type} the server returned in this run's reads (US-01) and searches (US-02) that claims \`${url}\` in \`meta.profile\` is validated against the profile's snapshot by a StructureDefinition-based validator (@medplum/core \`validateResource\`): no error. The count validated is reported ([US Core Server CapabilityStatement, supported profiles](${SERVER_CS})).`,
    verifies: ['USCORE-PROFILE'],
    level: 'SHALL',
    needs: [{ interaction: 'read', type: p.type }],
    writes: true,
    async run(ctx) {
      // What US-01 read (read here when it did not run) and what every search of the run was given.
      const reads = await readBack(ctx, url, p.type)
      if (reads.length === 0) skip(`the dataset holds no ${p.type} claiming ${slug}`)
      const got = returned(ctx, url)
      if (got.length === 0) skip(`the server returned no ${p.type} claiming ${slug} (US-01 judges the reads)`)
      const validator = await usCoreValidator()
      if (!validator.profiles.has(url)) skip(`the validator cannot load ${slug}: ${validator.unloadable.get(url) ?? 'not vendored'}`)
      // Validation is CPU work: the event loop is let go between resources, so that the run's deadline,
      // its stop and the connections it holds are served meanwhile.
      const failing: Array<{ ref: string; errors: string[] }> = []
      for (const r of got) {
        const errors = validator.errors(r, url)
        if (errors.length > 0) failing.push({ ref: `${p.type}/${String(r.id)}`, errors })
        await setImmediate()
      }
      ctx.measured.push({ name: 'validated', of: slug, value: got.length }, { name: 'invalid', of: slug, value: failing.length })
      expect(
        failing.length === 0,
        `expected every ${p.type} returned claiming ${slug} to conform to it; ${failing.length} of ${got.length} do not: ${failing
          .slice(0, 2)
          .map((f) => `${f.ref} ${f.errors.slice(0, 2).join(', ')}`)
          .join('; ')}`,
      )
    },
  }
}
