import { expect, type Check } from '../check.js'
import { call, createdByApp, failed, HTTP, KIT, LIB } from './shared.js'

export const check: Check = {
  id: 'IO-08',
  title: 'fhir-kit-client deletes the Patient, and a read of it is then refused',
  description: `An app calls [${LIB}](${KIT})'s \`delete()\` for the Patient it created, then \`read()\`: the read must be refused with 410 Gone (404 where the server keeps no history) ([R4 http, delete](${HTTP}#delete)).`,
  verifies: ['FHIR-HTTP-6'],
  level: 'SHALL',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { interaction: 'delete', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const { id } = await createdByApp(ctx)
    const r = await call(ctx, 'io-delete', (c) => c.delete({ resourceType: 'Patient', id }))
    expect(!r.error, `expected ${LIB}'s delete() of Patient/${id} to succeed; ${failed(r)}`)
    const read = await call(ctx, 'io-read-deleted', (c) => c.read({ resourceType: 'Patient', id }))
    expect(read.error, `expected ${LIB}'s read() of the deleted Patient/${id} to be refused (410 or 404), got the Patient`)
    expect(read.status === 410 || read.status === 404, `expected 410 (or 404) reading the deleted Patient/${id}; ${failed(read)}`)
  },
}
