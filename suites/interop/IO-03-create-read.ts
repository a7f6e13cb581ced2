import { expect, shown, type Check } from '../check.js'
import { call, createdByApp, failed, HTTP, KIT, LIB, refOf, responseOf } from './shared.js'

export const check: Check = {
  id: 'IO-03',
  title: 'fhir-kit-client creates a Patient, finds it by the Location it is given, and reads it back',
  description: `An app calls [${LIB}](${KIT})'s \`create()\` and takes the new resource's id from the \`Location\` header of the answer the library hands it, then calls \`read()\` with that id and gets the Patient it wrote ([R4 http, create](${HTTP}#create), [read](${HTTP}#read)).`,
  verifies: ['FHIR-HTTP-1', 'FHIR-HTTP-2'],
  level: 'SHALL',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { interaction: 'read', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const { called } = await createdByApp(ctx)
    const location = responseOf(called.value)?.headers.get('location')
    const ref = refOf(location)
    expect(ref?.type === 'Patient', `expected \`Location\` to name Patient/[id] in the answer ${LIB} hands the app, got ${shown(location ?? undefined)}`)
    const r = await call(ctx, 'io-read', (c) => c.read({ resourceType: 'Patient', id: ref.id }))
    expect(!r.error && r.value, `expected ${LIB}'s read() of Patient/${ref.id} to succeed; ${failed(r)}`)
    const read = r.value as { resourceType?: string; id?: string; identifier?: Array<{ value?: string }> }
    expect(read.resourceType === 'Patient' && read.id === ref.id, `expected Patient/${ref.id} from read(), got ${shown({ resourceType: read.resourceType, id: read.id })}`)
    expect(
      (read.identifier ?? []).some((i) => i.value === `${ctx.runTag.code}-crud`),
      `expected the Patient read to carry the identifier written, got ${shown(read.identifier)}`,
    )
  },
}
