import { expect, skip, type Check } from '../check.js'

const KICKOFFS = ['$export', 'Patient/$export', 'Group/shoreline-any-group/$export']

export const check: Check = {
  id: 'AU-20',
  title: 'A bulk export kick-off without a token is refused (system, Patient, Group)',
  description:
    'Each `$export` kick-off without `Authorization` answers 401 with `WWW-Authenticate: Bearer` (or 400, which the Bulk Data IG allows for a failed kick-off) ([Bulk Data IG, Kick-off request](https://hl7.org/fhir/uv/bulkdata/STU2/export.html#bulk-data-kick-off-request); [RFC 6750 §3](https://www.rfc-editor.org/rfc/rfc6750#section-3)).',
  verifies: ['OAUTH-3', 'BULK-1'],
  level: 'SHALL',
  async run(ctx) {
    if (ctx.target.auth.kind === 'none' || ctx.target.auth.kind === 'sigv4') skip(`the run is not given SMART credentials (--auth ${ctx.target.auth.kind})`)
    for (const path of KICKOFFS) {
      const ex = await ctx.exchange(`export-no-token-${path}`, 'GET', path, { accept: 'application/fhir+json', prefer: 'respond-async' }, { noAuth: true })
      const res = ex.response
      expect(res && (res.status === 401 || res.status === 400), `expected 401 (or 400) for \`${path}\` without a token, got ${res?.status ?? ex.error}`)
      if (res.status === 401)
        expect(
          /^Bearer/i.test(res.headers['www-authenticate'] ?? ''),
          `expected \`WWW-Authenticate: Bearer …\` with the 401 for \`${path}\`, got \`${res.headers['www-authenticate'] ?? 'nothing'}\``,
        )
    }
  },
}
