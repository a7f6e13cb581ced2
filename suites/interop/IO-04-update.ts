import { expect, shown, skip, type Check } from '../check.js'
import { createdByApp, failed, HTTP, KIT, LIB, updatedByApp, versionOf } from './shared.js'

export const check: Check = {
  id: 'IO-04',
  title: 'fhir-kit-client updates the Patient and is told its new version',
  description: `An app calls [${LIB}](${KIT})'s \`update()\` with a change to the Patient it created: the answer it is handed (the body's \`meta.versionId\`, else \`ETag\`, else \`Location\`) names a version other than the first ([R4 http, update](${HTTP}#update)).`,
  verifies: ['FHIR-HTTP-3'],
  level: 'SHALL',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { interaction: 'update', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const { id, version: first } = await createdByApp(ctx)
    if (!first) skip('the create named no version (no meta.versionId, no _history in Location)')
    const r = await updatedByApp(ctx)
    expect(!r.error, `expected ${LIB}'s update() of Patient/${id} to succeed; ${failed(r)}`)
    const version = versionOf(r.value)
    if (!version) skip('the update answered no version (no body, ETag or Location)')
    expect(version !== first, `expected a new \`meta.versionId\` after update(), got ${shown(version)} again`)
  },
}
