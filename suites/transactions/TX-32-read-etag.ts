import { expect, shown, skip, type Check } from '../check.js'
import { HTTP, readCreated } from './shared.js'

export const check: Check = {
  id: 'TX-32',
  title: 'read carries ETag and Last-Modified',
  description: `A read should answer with \`ETag: W/"[vid]"\` naming the version and a \`Last-Modified\` header ([R4 http, read](${HTTP}#read); [version ETags](${HTTP}#versioning)).`,
  verifies: ['FHIR-HTTP-19'],
  level: 'SHOULD',
  needs: [
    { interaction: 'create', type: 'Patient' },
    { interaction: 'read', type: 'Patient' },
  ],
  writes: true,
  async run(ctx) {
    const { ex } = await readCreated(ctx)
    if (ex.response?.status !== 200) skip(`the read answered HTTP ${ex.response?.status ?? ex.error} (TX-01)`)
    expect(/^W\/"[^"]+"$/.test(ex.response.headers.etag ?? ''), `expected \`ETag: W/"[vid]"\`, got ${shown(ex.response.headers.etag)}`)
    expect(ex.response.headers['last-modified'], 'expected a `Last-Modified` header, got none')
  },
}
