import { parseBody } from '../expect.js'
import { expect, shown, type Check } from '../check.js'
import { createdMarked, HTTP } from './shared.js'

const PATCH = { 'content-type': 'application/json-patch+json', accept: 'application/fhir+json' }

export const check: Check = {
  id: 'TX-31',
  title: 'JSON Patch: replace applies and bumps the version; a failing `test` op changes nothing',
  description: `\`PATCH Patient/<id>\` with \`[{"op":"replace","path":"/gender","value":"male"}]\` answers 200 with the change and a new version; a patch whose \`test\` op fails is refused (4xx) ([R4 http, patch](${HTTP}#patch); [RFC 6902 §4.6](https://www.rfc-editor.org/rfc/rfc6902#section-4.6)).`,
  verifies: ['FHIR-HTTP-18'],
  level: 'SHALL',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { interaction: 'patch', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const id = await createdMarked(ctx, 'tx31')
    const ok = await ctx.exchange('tx31-patch', 'PATCH', `Patient/${id}`, PATCH, { body: JSON.stringify([{ op: 'replace', path: '/gender', value: 'male' }]) })
    expect(ok.response?.status === 200, `expected 200 for the patch, got ${ok.response?.status ?? ok.error} ${ok.response?.body.slice(0, 120) ?? ''}`)
    const body = parseBody(ok.response.body || '{}') as { gender?: string; meta?: { versionId?: string } }
    expect(body.gender === 'male', `expected \`gender\` male after the patch, got ${shown(body.gender)}`)
    expect(body.meta?.versionId !== undefined && body.meta.versionId !== '1', `expected a new \`meta.versionId\`, got ${shown(body.meta?.versionId)}`)
    const failing = await ctx.exchange('tx31-patch-test-fails', 'PATCH', `Patient/${id}`, PATCH, {
      body: JSON.stringify([
        { op: 'test', path: '/gender', value: 'female' },
        { op: 'replace', path: '/gender', value: 'other' },
      ]),
    })
    const s = failing.response?.status ?? 0
    expect(s >= 400 && s < 500, `expected a 4xx when the \`test\` op fails, got ${failing.response?.status ?? failing.error}`)
  },
}
