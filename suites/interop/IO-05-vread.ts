import { expect, shown, skip, type Check } from '../check.js'
import { call, createdByApp, failed, HTTP, KIT, LIB, updatedByApp } from './shared.js'

export const check: Check = {
  id: 'IO-05',
  title: 'fhir-kit-client reads the first version of the Patient after it was updated',
  description: `An app calls [${LIB}](${KIT})'s \`vread()\` with the version its create was answered with, after an update (IO-04): it gets that version as written, not the current one ([R4 http, vread](${HTTP}#vread)).`,
  verifies: ['FHIR-HTTP-11'],
  level: 'SHALL',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { interaction: 'update', type: 'Patient' },
    { interaction: 'vread', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const { id, version } = await createdByApp(ctx)
    if (!version) skip('the create named no version (no meta.versionId, no _history in Location)')
    // A second version first, so that the current one is not the one asked for.
    const update = await updatedByApp(ctx)
    if (update.error) skip(`the app's update failed (IO-04): ${update.error}`)
    const r = await call(ctx, 'io-vread', (c) => c.vread({ resourceType: 'Patient', id, version }))
    expect(!r.error && r.value, `expected ${LIB}'s vread() of Patient/${id}/_history/${version} to succeed; ${failed(r)}`)
    const got = r.value as { id?: string; gender?: string; meta?: { versionId?: string } }
    expect(
      got.id === id && got.meta?.versionId === version,
      `expected version ${version} of Patient/${id} from vread(), got ${shown({ id: got.id, versionId: got.meta?.versionId })}`,
    )
    expect(got.gender === 'unknown', `expected the first version's \`gender\` (unknown) from vread(), got ${shown(got.gender)}`)
  },
}
