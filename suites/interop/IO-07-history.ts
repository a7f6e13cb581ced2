import { expect, shown, type Check } from '../check.js'
import { call, createdByApp, failed, HTTP, KIT, LIB, made, updatedByApp } from './shared.js'

type History = { type?: string; entry?: Array<{ resource?: { id?: string; meta?: { versionId?: string } } }> }

export const check: Check = {
  id: 'IO-07',
  title: "fhir-kit-client reads the Patient's history: every version the app wrote",
  description: `An app calls [${LIB}](${KIT})'s \`history()\` for the Patient it created, updated and patched (IO-03…IO-06): a Bundle of type \`history\` holding each version whose write succeeded ([R4 http, history](${HTTP}#history)).`,
  verifies: ['FHIR-HTTP-5'],
  level: 'SHALL',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { interaction: 'update', type: 'Patient' },
    { interaction: 'history-instance', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const { id } = await createdByApp(ctx)
    // A second version at least (IO-04's update), and IO-06's patch where it was made; a write that failed made none.
    const writes = [await updatedByApp(ctx), await made(ctx, 'io-patch')]
    const versions = 1 + writes.filter((w) => w && !w.error).length
    const r = await call(ctx, 'io-history', (c) => c.history({ resourceType: 'Patient', id }))
    expect(!r.error && r.value, `expected ${LIB}'s history() of Patient/${id} to succeed; ${failed(r)}`)
    const h = r.value as History
    expect(h.type === 'history', `expected a Bundle of \`type\` history, got ${shown(h.type)}`)
    const listed = new Set((h.entry ?? []).filter((e) => e.resource?.id === id).map((e) => e.resource?.meta?.versionId))
    expect(listed.size >= versions, `expected ${versions} versions of Patient/${id} in history(), got ${listed.size}: ${shown([...listed])}`)
  },
}
