import { expect, shown, skip, type Check } from '../check.js'
import { createdId } from '../fhir.js'
import { nth, settled } from '../settle.js'
import { FHIR_JSON } from '../transactions/shared.js'
import { pageOf, SPEC } from './shared.js'

export const check: Check = {
  id: 'SE-27',
  title: 'A search matches a resource on its current version only',
  description: `A search returns the resources that match its criteria now ([R4 search](${SPEC}#Introduction)): a Patient written with one family name and then updated to another is found by the new name and no longer by the old one, though its history keeps the old version.`,
  verifies: ['FHIR-SEARCH-17'],
  level: 'SHALL',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { interaction: 'update', type: 'Patient' },
    { interaction: 'search-type', type: 'Patient' },
    { searchParam: 'family', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    // Names of this run alone, neither a prefix of the other (string search matches prefixes).
    const token = ctx.runTag.code.replace(/[^A-Za-z0-9]/g, '')
    const [before, after] = [`Shorelinebefore${token}`, `Shorelineafter${token}`]
    const patient = (family: string, id?: string) => ctx.tagged({ resourceType: 'Patient', ...(id ? { id } : {}), name: [{ family, given: ['SE27'] }] })
    const created = await ctx.exchange('se27-create', 'POST', 'Patient', FHIR_JSON, { body: JSON.stringify(patient(before)) })
    if (created.response?.status !== 201) skip(`creating a Patient answered ${created.response?.status ?? created.error} (TX-03)`)
    const id = createdId(ctx, created, 'Patient')
    const updated = await ctx.exchange('se27-update', 'PUT', `Patient/${id}`, FHIR_JSON, { body: JSON.stringify(patient(after, id)) })
    if (updated.response?.status !== 200 && updated.response?.status !== 201) skip(`updating the Patient answered ${updated.response?.status ?? updated.error} (TX-05)`)
    const tag = encodeURIComponent(`${ctx.runTag.system}|${ctx.runTag.code}`)
    const ref = `Patient/${id}`
    // The index may lag the update (eventual consistency): asked again, within --settle, until the new name finds it and the old one does not.
    const [byAfter, byBefore] = await settled(
      ctx,
      async (n) => [
        pageOf(await ctx.exchange(nth('se27-search-after', n), 'GET', `Patient?family=${after}&_tag=${tag}`)),
        pageOf(await ctx.exchange(nth('se27-search-before', n), 'GET', `Patient?family=${before}&_tag=${tag}`)),
      ],
      ([a, b]) => a!.ids.includes(ref) && !b!.ids.includes(ref),
    )
    expect(byAfter!.status === 200 && byBefore!.status === 200, `expected 200 for both searches, got ${byAfter!.status} and ${byBefore!.status}`)
    expect(byAfter!.ids.includes(ref), `expected \`family=${after}\` to find ${ref} after its update, got ${shown(byAfter!.ids)}`)
    expect(
      !byBefore!.ids.includes(ref),
      `expected \`family=${before}\` to find nothing once ${ref} was updated to \`${after}\`, got ${shown(byBefore!.ids)}: a search matched an earlier version`,
    )
  },
}
