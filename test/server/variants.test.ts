// Every legal variant changes the server's behaviour as it says, and only that; the docs list
// each one. (Whether a check stays pass/skip/warn under it is SUITE-05 in test/suites/self-test.)
import t from 'tap'
import { readFileSync } from 'node:fs'
import { VARIANTS, type VariantName } from '../../server/variants/catalogue.js'
import { startServer, type RunningServer } from '../../server/http/server.js'
import { cli } from '../helpers.js'

async function withServer(variants: VariantName[], fn: (s: RunningServer) => Promise<void>, auth: 'smart' | 'none' = 'smart') {
  const s = await startServer({ auth, variants, ...(auth === 'smart' ? { authConfig: { clients: [] } } : {}) })
  try {
    await fn(s)
  } finally {
    await s.close()
  }
}

const discovery = async (s: RunningServer) => (await (await fetch(`${s.url}.well-known/smart-configuration`)).json()) as Record<string, unknown>
const post = (url: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=x' })

t.test('VARIANT-00: every variant is documented in docs/reference-server.md', async (t) => {
  const doc = readFileSync(new URL('../../docs/reference-server.md', import.meta.url), 'utf8')
  for (const v of VARIANTS) t.ok(doc.includes(`| \`${v.name}\` | ${v.does} |`), `docs list ${v.name}`)
})

t.test('VARIANT-01 backend-services-only: no authorization endpoint, no launch capability, client_credentials only', async (t) => {
  await withServer([], async (s) => {
    const conf = await discovery(s)
    t.type(conf.authorization_endpoint, 'string', 'the default server has one')
  })
  await withServer(['backend-services-only'], async (s) => {
    const conf = await discovery(s)
    t.notOk('authorization_endpoint' in conf)
    t.same(conf.grant_types_supported, ['client_credentials'])
    t.notOk((conf.capabilities as string[]).some((c) => c.startsWith('launch-')))
    t.equal((await fetch(`${s.origin}/auth/authorize?client_id=x`)).status, 404)
    const oauth = (await (await fetch(`${s.url}metadata`)).json()) as { rest: Array<{ security: { extension: Array<{ extension: Array<{ url: string }> }> } }> }
    t.notOk(
      oauth.rest[0]?.security.extension[0]?.extension.some((e) => e.url === 'authorize'),
      'the CapabilityStatement names no authorize URI',
    )
  })
})

t.test('VARIANT-02 no-introspection-revocation: neither endpoint is advertised or answers', async (t) => {
  await withServer(['no-introspection-revocation'], async (s) => {
    const conf = await discovery(s)
    t.notOk('introspection_endpoint' in conf)
    t.notOk('revocation_endpoint' in conf)
    t.equal((await post(`${s.origin}/auth/introspect`)).status, 404)
    t.equal((await post(`${s.origin}/auth/revoke`)).status, 404)
    t.not((await post(`${s.origin}/auth/token`)).status, 404, 'the token endpoint still answers')
  })
})

t.test('VARIANT-03 no-openid: no issuer and no jwks_uri, and no sso-openid-connect claimed', async (t) => {
  await withServer(['no-openid'], async (s) => {
    const conf = await discovery(s)
    t.notOk('issuer' in conf)
    t.notOk('jwks_uri' in conf)
    t.notOk((conf.capabilities as string[]).includes('sso-openid-connect'))
  })
})

t.test('VARIANT-04 update-no-location: a 200 update has no Location; a 201 create-by-update keeps it', async (t) => {
  await withServer(
    ['update-no-location'],
    async (s) => {
      const put = (gender: string) =>
        fetch(`${s.url}Patient/v1`, { method: 'PUT', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Patient', id: 'v1', gender }) })
      const created = await put('female')
      t.equal(created.status, 201)
      t.ok(created.headers.get('location'))
      const updated = await put('male')
      t.equal(updated.status, 200)
      t.equal(updated.headers.get('location'), null)
      t.equal(updated.headers.get('etag'), 'W/"2"', 'ETag still names the new version')
    },
    'none',
  )
})

t.test('VARIANT-06 opaque-version-ids: versionId, ETag, vread and If-Match all use the opaque id', async (t) => {
  await withServer(
    ['opaque-version-ids'],
    async (s) => {
      const put = (gender: string, headers: Record<string, string> = {}) =>
        fetch(`${s.url}Patient/o1`, {
          method: 'PUT',
          headers: { 'content-type': 'application/fhir+json', ...headers },
          body: JSON.stringify({ resourceType: 'Patient', id: 'o1', gender }),
        })
      const first = (await (await put('female')).json()) as { meta: { versionId: string } }
      const v1 = first.meta.versionId
      t.match(v1, /^[A-Za-z0-9\-.]{1,64}$/, 'a FHIR id')
      t.notOk(/^\d+$/.test(v1), `not a number: ${v1}`)
      const second = await put('male', { 'if-match': `W/"${v1}"` })
      t.equal(second.status, 200, 'If-Match with the opaque id')
      const v2 = ((await second.json()) as { meta: { versionId: string } }).meta.versionId
      t.equal(second.headers.get('etag'), `W/"${v2}"`)
      t.equal((await put('other', { 'if-match': `W/"${v1}"` })).status, 412, 'a stale opaque id is refused')
      const old = await fetch(`${s.url}Patient/o1/_history/${v1}`)
      t.equal(old.status, 200)
      t.equal(((await old.json()) as { gender: string }).gender, 'female', 'vread by the opaque id')
      t.equal((await fetch(`${s.url}Patient/o1/_history/1`)).status, 404, 'a number is not one of its ids')
    },
    'none',
  )
})

t.test('VARIANT-07 oauth-uris-minimal: the CapabilityStatement names authorize and token only; discovery still has introspection', async (t) => {
  await withServer(['oauth-uris-minimal'], async (s) => {
    const meta = (await (await fetch(`${s.url}metadata`)).json()) as { rest: Array<{ security: { extension: Array<{ extension: Array<{ url: string }> }> } }> }
    t.same(
      meta.rest[0]?.security.extension[0]?.extension.map((e) => e.url),
      ['authorize', 'token'],
    )
    t.type((await discovery(s)).introspection_endpoint, 'string')
  })
})

t.test('VARIANT-05: serve --list-variants lists them; an unknown one is one line, exit 2', async (t) => {
  const list = cli(['serve', '--list-variants'])
  t.equal(list.code, 0)
  for (const v of VARIANTS) t.match(list.stdout, new RegExp(`^${v.name} +`, 'm'))
  const bad = cli(['serve', '--variant', 'no-such-thing'])
  t.equal(bad.code, 2)
  t.equal(bad.stderr.trim(), 'shoreline: error: --variant: unknown variant no-such-thing (see --list-variants)')
})

t.test('VARIANT-08 export-without-prefer: a kick-off without Prefer is accepted (the default server refuses it)', async (t) => {
  const kick = (s: RunningServer) => fetch(`${s.url}$export?_type=Patient`, { headers: { accept: 'application/fhir+json' } })
  await withServer(
    [],
    async (s) => {
      t.equal((await kick(s)).status, 400, 'the default server asks for Prefer: respond-async')
    },
    'none',
  )
  await withServer(
    ['export-without-prefer'],
    async (s) => {
      const res = await kick(s)
      t.equal(res.status, 202)
      t.match(res.headers.get('content-location') ?? '', /\$export-poll-status|\/export/i, 'a status URL to poll')
    },
    'none',
  )
})

t.test('VARIANT-09 default-scope: no scope asked, the registered scope granted and enforced', async (t) => {
  const { exportJWK, generateKeyPair, SignJWT } = await import('jose')
  const { privateKey, publicKey } = await generateKeyPair('RS384')
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS384' }
  for (const variants of [[], ['default-scope']] as VariantName[][]) {
    const s = await startServer({ auth: 'smart', variants, authConfig: { clients: [{ client_id: 'c1', jwks: { keys: [jwk as never] }, scope: 'system/Patient.rs' }] } })
    try {
      const tokenUrl = String((await discovery(s)).token_endpoint)
      const assertion = await new SignJWT({ iss: 'c1', sub: 'c1', aud: tokenUrl, jti: `j-${variants.length}` })
        .setProtectedHeader({ alg: 'RS384', kid: 'k1' })
        .setExpirationTime('2m')
        .sign(privateKey)
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      })
      const res = await fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form })
      const body = (await res.json()) as { scope?: string; access_token?: string; error?: string }
      if (!variants.length) {
        t.equal(body.error, 'invalid_scope', 'the default server asks for a scope')
        continue
      }
      t.equal(body.scope, 'system/Patient.rs', 'the registered scope, said in the response')
      const read = (type: string) => fetch(`${s.url}${type}?_count=1`, { headers: { authorization: `Bearer ${body.access_token}` } }).then((r) => r.status)
      t.equal(await read('Patient'), 200)
      t.equal(await read('Observation'), 403, 'and nothing beyond it')
    } finally {
      await s.close()
    }
  }
})

t.test('VARIANT-10 non-outcome-401: a refused token gets {"error":"invalid_token"} and WWW-Authenticate still', async (t) => {
  await withServer(['non-outcome-401'], async (s) => {
    const res = await fetch(`${s.url}Patient`, { headers: { authorization: 'Bearer nonsense' } })
    t.equal(res.status, 401)
    t.match(res.headers.get('www-authenticate') ?? '', /^Bearer/)
    t.same(await res.json(), { error: 'invalid_token' })
  })
})
