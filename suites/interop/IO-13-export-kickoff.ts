import { expect, shown, type Check } from '../check.js'
import { SPEC } from '../bulk-export/shared.js'
import { call, failed, KIT, LIB, responseOf } from './shared.js'

export const check: Check = {
  id: 'IO-13',
  title: 'fhir-kit-client kicks off a system $export and is handed the status URL',
  description: `An app calls [${LIB}](${KIT})'s \`request('$export')\` with \`Accept: application/fhir+json\` and \`Prefer: respond-async\`: the library consumes the 202 (an empty body, or JSON) and the answer it hands over carries \`Content-Location\`. The app then cancels the export with \`DELETE\` on that URL ([Bulk Data IG, kick-off](${SPEC}#response---success)).`,
  verifies: ['BULK-1'],
  level: 'SHALL',
  async run(ctx) {
    const headers = { accept: 'application/fhir+json', prefer: 'respond-async' }
    const r = await call(ctx, 'io-export', (c) => c.request('$export', { options: { headers } }))
    expect(!r.error, `expected ${LIB} to consume the $export kick-off's answer; ${failed(r)}`)
    const res = responseOf(r.value)
    expect(res?.status === 202, `expected HTTP 202 for the kick-off, got ${shown(res?.status)}`)
    const status = res.headers.get('content-location')
    expect(status, 'expected a `Content-Location` header naming the status URL in the answer the library hands over, got none')
    await call(ctx, 'io-export-cancel', (c) => c.request(status, { method: 'DELETE' }))
  },
}
