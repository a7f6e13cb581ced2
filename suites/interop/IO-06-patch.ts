import { expect, shown, type Check } from '../check.js'
import { call, createdByApp, failed, HTTP, KIT, LIB } from './shared.js'

export const check: Check = {
  id: 'IO-06',
  title: 'fhir-kit-client patches the Patient with JSON Patch, and the change is read back',
  description: `An app calls [${LIB}](${KIT})'s \`patch()\`, which sends \`Content-Type: application/json-patch+json\`, replacing \`gender\`; a \`read()\` then shows the change ([R4 http, patch](${HTTP}#patch)).`,
  verifies: ['FHIR-HTTP-18'],
  level: 'SHALL',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { interaction: 'patch', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const { id } = await createdByApp(ctx)
    const r = await call(ctx, 'io-patch', (c) => c.patch({ resourceType: 'Patient', id, jsonPatch: [{ op: 'replace', path: '/gender', value: 'male' }] }))
    expect(!r.error, `expected ${LIB}'s patch() of Patient/${id} (application/json-patch+json) to succeed; ${failed(r)}`)
    const read = await call(ctx, 'io-read-patched', (c) => c.read({ resourceType: 'Patient', id }))
    expect(!read.error && read.value, `expected ${LIB}'s read() after the patch to succeed; ${failed(read)}`)
    const gender = (read.value as { gender?: string }).gender
    expect(gender === 'male', `expected \`gender\` male after patch(), got ${shown(gender)}`)
  },
}
