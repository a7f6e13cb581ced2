// Every legal variant changes the server's behaviour as it says, and only that; the docs list
// each one. (Whether a check stays pass/skip/warn under it is SUITE-05 in test/suites/self-test-variants-{1,2}.test.ts.)
import t from 'tap'
import { readFileSync } from 'node:fs'
import { VARIANTS, type VariantName } from '../../server/variants/catalogue.js'
import { startServer, type RunningServer } from '../../server/http/server.js'
import { cli } from '../helpers.js'

// Three at a time: each test has servers of its own and spends most of its time waiting (index lag, jobs).
t.jobs = 3

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

t.test('VARIANT-11 no-update-create: a PUT to an id the server never issued is 405; updateCreate false; POST and updates still work', async (t) => {
  await withServer(
    ['no-update-create'],
    async (s) => {
      const json = { 'content-type': 'application/fhir+json' }
      const put = await fetch(`${s.url}Patient/client-chosen`, { method: 'PUT', headers: json, body: JSON.stringify({ resourceType: 'Patient', id: 'client-chosen' }) })
      t.equal(put.status, 405)
      const meta = (await (await fetch(`${s.url}metadata`)).json()) as { rest: Array<{ resource: Array<{ type: string; updateCreate: boolean }> }> }
      t.equal(meta.rest[0]?.resource.find((r) => r.type === 'Patient')?.updateCreate, false)
      const post = await fetch(`${s.url}Patient`, { method: 'POST', headers: json, body: JSON.stringify({ resourceType: 'Patient', gender: 'female' }) })
      t.equal(post.status, 201)
      const id = /Patient\/([^/]+)/.exec(post.headers.get('location') ?? '')?.[1]
      const update = await fetch(`${s.url}Patient/${id}`, { method: 'PUT', headers: json, body: JSON.stringify({ resourceType: 'Patient', id, gender: 'male' }) })
      t.equal(update.status, 200, 'an update of a resource it assigned')
      const cond = await fetch(`${s.url}Patient?identifier=x|1`, {
        method: 'PUT',
        headers: json,
        body: JSON.stringify({ resourceType: 'Patient', id: 'mine', identifier: [{ system: 'x', value: '1' }] }),
      })
      t.equal(cond.status, 201, 'a conditional update with no match creates…')
      t.notMatch(cond.headers.get('location') ?? '', /Patient\/mine\//, '…under an id the server assigns')
    },
    'none',
  )
})

t.test('VARIANT-12 introspection-bearer-auth: introspection takes a bearer token, refuses client authentication', async (t) => {
  const { exportJWK, generateKeyPair, SignJWT } = await import('jose')
  const { privateKey, publicKey } = await generateKeyPair('RS384')
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS384' }
  const s = await startServer({
    auth: 'smart',
    variants: ['introspection-bearer-auth'],
    authConfig: { clients: [{ client_id: 'c1', jwks: { keys: [jwk as never] }, scope: 'system/Patient.rs' }] },
  })
  try {
    const conf = await discovery(s)
    const tokenUrl = String(conf.token_endpoint)
    const assertion = (jti: string) =>
      new SignJWT({ iss: 'c1', sub: 'c1', aud: tokenUrl, jti }).setProtectedHeader({ alg: 'RS384', kid: 'k1' }).setExpirationTime('2m').sign(privateKey)
    const type = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
    const form = { 'content-type': 'application/x-www-form-urlencoded' }
    const tok = (await (
      await fetch(tokenUrl, {
        method: 'POST',
        headers: form,
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'system/Patient.rs', client_assertion_type: type, client_assertion: await assertion('a') }),
      })
    ).json()) as { access_token: string }
    const url = String(conf.introspection_endpoint)
    const byClient = await fetch(url, {
      method: 'POST',
      headers: form,
      body: new URLSearchParams({ token: tok.access_token, client_assertion_type: type, client_assertion: await assertion('b') }),
    })
    t.equal(byClient.status, 401, 'client authentication is not how this endpoint authorizes')
    const byBearer = await fetch(url, { method: 'POST', headers: { ...form, authorization: `Bearer ${tok.access_token}` }, body: new URLSearchParams({ token: tok.access_token }) })
    t.equal(byBearer.status, 200)
    t.match(await byBearer.json(), { active: true, client_id: 'c1' })
  } finally {
    await s.close()
  }
})

t.test('VARIANT-13 cursor-paging: next links are one opaque _page token that pages through every match; total always', async (t) => {
  await withServer(
    ['cursor-paging'],
    async (s) => {
      for (let i = 0; i < 5; i++)
        await fetch(`${s.url}Patient`, {
          method: 'POST',
          headers: { 'content-type': 'application/fhir+json' },
          body: JSON.stringify({ resourceType: 'Patient', gender: 'female' }),
        })
      type Page = { total?: number; link: Array<{ relation: string; url: string }>; entry?: Array<{ resource: { id: string } }> }
      let page = (await (await fetch(`${s.url}Patient?gender=female&_count=2`)).json()) as Page
      t.equal(page.total, 5, 'total without _total')
      const ids: string[] = []
      for (;;) {
        ids.push(...(page.entry ?? []).map((e) => e.resource.id))
        const next = page.link.find((l) => l.relation === 'next')?.url
        if (!next) break
        t.match(next, /\?_page=[A-Za-z0-9_-]+$/, 'an opaque token, not the query')
        page = (await (await fetch(next)).json()) as Page
      }
      t.equal(new Set(ids).size, 5, 'every match once')
      t.equal((await fetch(`${s.url}Patient?_page=not*a*token`)).status, 400)
    },
    'none',
  )
})

t.test('VARIANT-14 signed-export-urls: requiresAccessToken false; the signed URL downloads without a token, an altered one does not', async (t) => {
  await withServer(
    ['signed-export-urls'],
    async (s) => {
      await fetch(`${s.url}Patient`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Patient', gender: 'female' }) })
      const kick = await fetch(`${s.url}$export?_type=Patient`, { headers: { accept: 'application/fhir+json', prefer: 'respond-async' } })
      const status = kick.headers.get('content-location') ?? ''
      let res = await fetch(status)
      for (let i = 0; res.status === 202 && i < 100; i++) {
        await new Promise((r) => setTimeout(r, 50))
        res = await fetch(status)
      }
      const manifest = (await res.json()) as { requiresAccessToken: boolean; output: Array<{ url: string }> }
      t.equal(manifest.requiresAccessToken, false)
      const url = manifest.output[0]?.url ?? ''
      t.match(url, /\?exp=\d+&sig=/)
      t.equal((await fetch(url)).status, 200, 'the signed URL is its own authorization')
      t.equal((await fetch(url.replace(/sig=(.)/, (_m, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`))).status, 403, 'an altered signature is refused')
      t.equal((await fetch(url.split('?')[0]!)).status, 403, 'an unsigned URL is refused')
    },
    'none',
  )
})

t.test('VARIANT-15 ec-only-jwks: one EC key at jwks_uri, ES384 access tokens that the resource server accepts', async (t) => {
  const s = await startServer({
    auth: 'smart',
    variants: ['ec-only-jwks'],
    authConfig: { clients: [{ client_id: 'c1', client_secret: 'secret-0123456789', scope: 'system/Patient.rs' }] },
  })
  try {
    const conf = await discovery(s)
    t.notOk((conf.capabilities as string[]).includes('sso-openid-connect'))
    const jwks = (await (await fetch(String(conf.jwks_uri))).json()) as { keys: Array<{ kty: string; crv?: string; alg?: string }> }
    t.same(
      jwks.keys.map((k) => [k.kty, k.crv, k.alg]),
      [['EC', 'P-384', 'ES384']],
    )
    const tok = (await (
      await fetch(String(conf.token_endpoint), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('c1:secret-0123456789').toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'system/Patient.rs' }),
      })
    ).json()) as { access_token: string }
    t.equal(JSON.parse(Buffer.from(tok.access_token.split('.')[0]!, 'base64url').toString()).alg, 'ES384')
    t.equal((await fetch(`${s.url}Patient?_count=1`, { headers: { authorization: `Bearer ${tok.access_token}` } })).status, 200)
  } finally {
    await s.close()
  }
})

t.test('VARIANT-16 no-terminology-validation: a code outside its required binding is stored; a missing required element is still refused', async (t) => {
  const json = { 'content-type': 'application/fhir+json' }
  const bad = JSON.stringify({ resourceType: 'Observation', status: 'not-a-status', code: { text: 'x' } })
  await withServer(
    [],
    async (s) => {
      t.equal((await fetch(`${s.url}Observation`, { method: 'POST', headers: json, body: bad })).status, 400, 'the default server validates codes')
    },
    'none',
  )
  await withServer(
    ['no-terminology-validation'],
    async (s) => {
      t.equal((await fetch(`${s.url}Observation`, { method: 'POST', headers: json, body: bad })).status, 201)
      const noCode = JSON.stringify({ resourceType: 'Observation', status: 'final' })
      t.equal((await fetch(`${s.url}Observation`, { method: 'POST', headers: json, body: noCode })).status, 400, 'structure is still validated')
    },
    'none',
  )
})

t.test('VARIANT-17 page-size-100: _count up to 100 pages; over 100, or 0, is refused with 400', async (t) => {
  await withServer(
    ['page-size-100'],
    async (s) => {
      t.equal((await fetch(`${s.url}Patient?_count=100`)).status, 200)
      const over = await fetch(`${s.url}Patient?_count=101`)
      t.equal(over.status, 400)
      t.match(((await over.json()) as { issue: Array<{ diagnostics: string }> }).issue[0]?.diagnostics, /`_count` must be between 1 and 100, got 101/)
      t.equal((await fetch(`${s.url}Patient?_count=0`)).status, 400)
      t.equal((await fetch(`${s.url}Patient?_total=accurate&_count=1`)).status, 200, 'how Shoreline counts works here too')
    },
    'none',
  )
  await withServer(
    [],
    async (s) => {
      t.equal((await fetch(`${s.url}Patient?_count=5000`)).status, 200, 'the default server caps instead')
    },
    'none',
  )
})

t.test('VARIANT-18 eventual-search: a write shows in search only after the index lag, or at once with the strong consistency header', async (t) => {
  // A lag long enough that no pause of a busy machine lets it pass between a write and the next search.
  const s = await startServer({ auth: 'none', variants: ['eventual-search'], indexLagMs: 4000 })
  try {
    const json = { 'content-type': 'application/fhir+json' }
    const strong = { 'x-amz-fhir-history-consistency-level': 'strong' }
    const ids = async (q: string, h: Record<string, string> = {}) =>
      (((await (await fetch(`${s.url}Patient?${q}`, { headers: h })).json()) as { entry?: Array<{ resource: { id: string } }> }).entry ?? []).map((e) => e.resource.id)
    const created = await fetch(`${s.url}Patient/lag-1`, {
      method: 'PUT',
      headers: json,
      body: JSON.stringify({ resourceType: 'Patient', id: 'lag-1', name: [{ family: 'Lag' }] }),
    })
    t.equal(created.status, 201)
    t.equal((await fetch(`${s.url}Patient/lag-1`)).status, 200, 'a read by id is never delayed')
    t.same(await ids('family=Lag'), [], 'an eventual search leaves the pending write out')
    t.same(await ids('family=Lag', strong), ['lag-1'], 'a strong search includes it')
    const put = { ...json, ...strong }
    t.equal(
      (await fetch(`${s.url}Patient/lag-2`, { method: 'PUT', headers: put, body: JSON.stringify({ resourceType: 'Patient', id: 'lag-2', name: [{ family: 'Now' }] }) })).status,
      201,
    )
    t.same(await ids('family=Now'), ['lag-2'], 'a write with the strong header is searchable at once')
    const bundle = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [{ resource: { resourceType: 'Patient', id: 'lag-3', name: [{ family: 'Batch' }] }, request: { method: 'PUT', url: 'Patient/lag-3' } }],
    }
    t.equal((await fetch(s.url, { method: 'POST', headers: put, body: JSON.stringify(bundle) })).status, 200)
    t.same(await ids('family=Batch'), ['lag-3'], "Bundle entries take the Bundle request's consistency level")
    await new Promise((r) => setTimeout(r, 4100))
    t.same(await ids('family=Lag'), ['lag-1'], 'after the lag the write is searchable')
  } finally {
    await s.close()
  }
  const plain = await startServer({ auth: 'none' })
  try {
    await fetch(`${plain.url}Patient/p`, {
      method: 'PUT',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Patient', id: 'p', name: [{ family: 'Fast' }] }),
    })
    const b = (await (await fetch(`${plain.url}Patient?family=Fast`)).json()) as { entry?: unknown[] }
    t.equal(b.entry?.length, 1, 'without the variant search is immediately consistent')
  } finally {
    await plain.close()
  }
})

t.test('VARIANT-19 healthlake-bundles: 100 entries synchronously, 500 asynchronously for transactions (202, then the response), no asynchronous batch', async (t) => {
  const entries = (n: number, tag: string) =>
    Array.from({ length: n }, (_, i) => ({ resource: { resourceType: 'Patient', id: `${tag}-${i}` }, request: { method: 'PUT', url: `Patient/${tag}-${i}` } }))
  const post = (s: RunningServer, type: string, n: number, tag: string, prefer?: string) =>
    fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', ...(prefer ? { prefer } : {}) },
      body: JSON.stringify({ resourceType: 'Bundle', type, entry: entries(n, tag) }),
    })
  await withServer(
    ['healthlake-bundles'],
    async (s) => {
      t.equal((await post(s, 'transaction', 100, 'a')).status, 200, '100 entries run synchronously')
      const over = await post(s, 'transaction', 101, 'b')
      t.equal(over.status, 422)
      t.match(((await over.json()) as { issue: Array<{ diagnostics: string }> }).issue[0]?.diagnostics, /at most 100/)
      t.equal((await post(s, 'batch', 101, 'c')).status, 422, 'a batch too')
      t.equal((await post(s, 'batch', 10, 'd', 'respond-async')).status, 400, 'a batch cannot be asynchronous')
      t.equal((await post(s, 'transaction', 501, 'e', 'respond-async')).status, 422, 'over 500 even asynchronously')
      const conditional = await fetch(s.url, {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json', prefer: 'respond-async' },
        body: JSON.stringify({
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [{ resource: { resourceType: 'Patient' }, request: { method: 'PUT', url: 'Patient?identifier=x|1' } }],
        }),
      })
      t.equal(conditional.status, 400, 'no conditional PUT in an asynchronous transaction')
      const accepted = await post(s, 'transaction', 300, 'f', 'respond-async')
      t.equal(accepted.status, 202)
      const status = accepted.headers.get('content-location') ?? ''
      t.match(status, /\/Transaction\/[0-9a-f]{32}$/)
      t.match(((await accepted.json()) as { issue: Array<{ diagnostics: string }> }).issue[0]?.diagnostics, /Submitted Asynchronous Bundle Transaction/)
      let done: Response | undefined
      for (let i = 0; i < 50 && !done; i++) {
        const r = await fetch(status)
        if (r.status === 200) done = r
        else await new Promise((ok) => setTimeout(ok, 50))
      }
      const body = (await done?.json()) as { type: string; entry: unknown[] }
      t.equal(body.type, 'transaction-response')
      t.equal(body.entry.length, 300)
      t.equal((await fetch(`${s.url}Patient/f-299`)).status, 200, 'the asynchronous transaction wrote its entries')
      // Batch order is not guaranteed: the entries run last to first, the answers stay in request order.
      const ordered = (await (await post(s, 'batch', 3, 'o')).json()) as { entry: Array<{ response: { location: string } }> }
      t.same(
        ordered.entry.map((e) => /Patient\/(o-\d)/.exec(e.response.location)?.[1]),
        ['o-0', 'o-1', 'o-2'],
        'answered in request order',
      )
      const versions = await Promise.all(
        ['o-0', 'o-2'].map(async (id) => ((await (await fetch(`${s.url}Patient/${id}`)).json()) as { meta: { lastUpdated: string } }).meta.lastUpdated),
      )
      t.ok(versions[1]! <= versions[0]!, 'the last entry was written first')
    },
    'none',
  )
  await withServer(
    [],
    async (s) => {
      t.equal((await post(s, 'transaction', 101, 'g')).status, 200, 'without the variant 101 entries are fine')
    },
    'none',
  )
})

t.test('VARIANT-20 healthlake-search: what HealthLake does not document is refused with 400; what it does still answers', async (t) => {
  await withServer(
    ['healthlake-search'],
    async (s) => {
      for (const q of [
        'Condition?code:in=http://example.org/vs',
        'Condition?code:above=http://snomed.info/sct|1',
        'Condition?code:not-in=http://example.org/vs',
        'Patient?identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|1',
        'Observation?subject:Patient=1',
        'Observation?subject:Patient.birthdate=1950-01-01',
        'Patient?birthdate=ap1950',
        'Patient?_sort=family,given,birthdate,gender,_id,_lastUpdated',
        'Patient?_sort=name.family',
        'Patient?_elements=name&_summary=true',
      ]) {
        const r = await fetch(`${s.url}${q}`)
        t.equal(r.status, 400, q)
      }
      for (const q of [
        'Observation?patient.birthdate=1950-01-01',
        'Patient?_sort=family,given,birthdate,gender,_id',
        'Patient?gender:not=male',
        'Patient?name:contains=a',
        'Patient?_has:Observation:subject:code=x|1',
        'Patient?_elements=name',
      ])
        t.equal((await fetch(`${s.url}${q}`)).status, 200, q)
      // Chains: at most 100 matches at any level.
      const entry = Array.from({ length: 101 }, (_, i) => ({
        resource: { resourceType: 'Patient', id: `old-${i}`, birthDate: '1950-01-01' },
        request: { method: 'PUT', url: `Patient/old-${i}` },
      }))
      const put = await fetch(s.url, {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json' },
        body: JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry }),
      })
      t.equal(put.status, 200)
      const chain = await fetch(`${s.url}Observation?patient.birthdate=1950-01-01`)
      t.equal(chain.status, 400, 'a chain matching 101 Patients fails')
      t.match(((await chain.json()) as { issue: Array<{ diagnostics: string }> }).issue[0]?.diagnostics, /at most 100 resources at each level/)
      await fetch(`${s.url}Patient/old-100`, { method: 'DELETE' })
      t.equal((await fetch(`${s.url}Observation?patient.birthdate=1950-01-01`)).status, 200, 'at 100 it answers')
    },
    'none',
  )
  await withServer(
    [],
    async (s) => {
      t.equal((await fetch(`${s.url}Observation?subject:Patient=1`)).status, 200, 'the default server takes :[type]')
    },
    'none',
  )
})

t.test('VARIANT-21 refresh-rotation: each refresh hands out a new refresh token; the used one is refused', async (t) => {
  const { createHash } = await import('node:crypto')
  const redirect = 'http://127.0.0.1:9/cb'
  const app = { client_id: 'app', redirect_uris: [redirect], scope: 'patient/*.rs offline_access', launch: { patient: 'p1' } }
  for (const variants of [[], ['refresh-rotation']] as VariantName[][]) {
    const s = await startServer({ auth: 'smart', variants, authConfig: { clients: [app] } })
    try {
      const tokenUrl = s.auth!.tokenUrl
      const verifier = 'v'.repeat(43)
      const q = {
        response_type: 'code',
        client_id: 'app',
        redirect_uri: redirect,
        scope: 'patient/*.rs offline_access',
        state: 's',
        aud: s.url,
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      }
      const code = new URL((await fetch(`${s.origin}/auth/authorize?${new URLSearchParams(q)}`, { redirect: 'manual' })).headers.get('location')!).searchParams.get('code')!
      const token = async (form: Record<string, string>) => {
        const res = await fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) })
        return { status: res.status, body: (await res.json()) as { refresh_token?: string; scope?: string; error?: string } }
      }
      const first = await token({ grant_type: 'authorization_code', code, redirect_uri: redirect, client_id: 'app', code_verifier: verifier })
      const refresh = (rt: string) => token({ grant_type: 'refresh_token', refresh_token: rt, client_id: 'app' })
      const second = await refresh(first.body.refresh_token!)
      t.equal(second.status, 200, `${variants.join() || 'default'}: the refresh is answered`)
      t.equal(second.body.scope, 'patient/*.rs offline_access', 'with the original scope')
      if (!variants.length) {
        t.equal(second.body.refresh_token, first.body.refresh_token, 'the default server keeps the refresh token')
        continue
      }
      t.not(second.body.refresh_token, first.body.refresh_token, 'a new refresh token')
      t.equal((await refresh(first.body.refresh_token!)).body.error, 'invalid_grant', 'the used one is refused')
      t.equal((await refresh(second.body.refresh_token!)).status, 200, 'the new one works')
    } finally {
      await s.close()
    }
  }
})

t.test('VARIANT-22 no-us-core-claims: no resource lists a supportedProfile; by default Patient and the other US Core types do', async (t) => {
  type Meta = { rest: Array<{ resource: Array<{ type: string; supportedProfile?: string[] }> }> }
  const profiled = async (s: RunningServer) => ((await (await fetch(`${s.url}metadata`)).json()) as Meta).rest[0]!.resource.filter((r) => r.supportedProfile?.length)
  await withServer([], async (s) => {
    const claimed = await profiled(s)
    t.ok(claimed.find((r) => r.type === 'Patient')?.supportedProfile?.includes('http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'), 'Patient claims us-core-patient')
    t.ok(claimed.length >= 20, `${claimed.length} types claim US Core profiles`)
  })
  await withServer(['no-us-core-claims'], async (s) => {
    t.same(await profiled(s), [], 'none under the variant')
  })
})

t.test('VARIANT-23 us-core-status-required: a patient search without a status is refused with an OperationOutcome; with one it is answered', async (t) => {
  await withServer(
    ['us-core-status-required'],
    async (s) => {
      const bare = await fetch(`${s.url}Observation?patient=p1`)
      t.equal(bare.status, 400)
      t.equal(((await bare.json()) as { resourceType: string }).resourceType, 'OperationOutcome')
      t.equal((await fetch(`${s.url}Observation?patient=p1&status=final`)).status, 200, 'with a status')
      t.equal((await fetch(`${s.url}Observation?code=8867-4`)).status, 200, 'a search not by patient is answered')
      t.equal((await fetch(`${s.url}Patient?name=x`)).status, 200, 'a type without a status is answered')
    },
    'none',
  )
})

t.test('VARIANT-24 referential-integrity: a referred-to resource is not deleted alone (409); a transaction deleting it and its referrers passes in any order', async (t) => {
  await withServer(
    ['referential-integrity'],
    async (s) => {
      const fhir = (method: string, path: string, body?: unknown) =>
        fetch(`${s.url}${path}`, { method, headers: { 'content-type': 'application/fhir+json' }, body: body === undefined ? undefined : JSON.stringify(body) })
      const write = async (n: string) => {
        await fhir('PUT', `Patient/ri-${n}`, { resourceType: 'Patient', id: `ri-${n}` })
        await fhir('PUT', `Observation/ri-o${n}`, { resourceType: 'Observation', id: `ri-o${n}`, status: 'final', code: { text: 'x' }, subject: { reference: `Patient/ri-${n}` } })
      }
      await write('1')
      const alone = await fhir('DELETE', 'Patient/ri-1')
      t.equal(alone.status, 409, 'a Patient an Observation refers to')
      t.match(((await alone.json()) as { issue: Array<{ diagnostics: string }> }).issue[0]!.diagnostics, /Observation\/ri-o1/)
      t.equal((await fhir('GET', 'Patient/ri-1')).status, 200, 'still there')
      const tx = (urls: string[]) => fhir('POST', '', { resourceType: 'Bundle', type: 'transaction', entry: urls.map((url) => ({ request: { method: 'DELETE', url } })) })
      t.equal((await tx(['Patient/ri-1', 'Observation/ri-o1'])).status, 200, 'a transaction listing the Patient first')
      await write('2')
      t.equal((await tx(['Observation/ri-o2', 'Patient/ri-2'])).status, 200, 'and listing it last')
      await write('3')
      t.equal((await tx(['Patient/ri-3'])).status, 409, 'a transaction leaving a referrer behind is refused')
      t.equal((await fhir('GET', 'Patient/ri-3')).status, 200, 'and changes nothing')
      const batch = (await (
        await fhir('POST', '', { resourceType: 'Bundle', type: 'batch', entry: ['Patient/ri-3', 'Observation/ri-o3'].map((url) => ({ request: { method: 'DELETE', url } })) })
      ).json()) as { entry: Array<{ response: { status: string } }> }
      t.same(
        batch.entry.map((e) => e.response.status.slice(0, 3)),
        ['409', '204'],
        'a batch answers each entry in its order',
      )
    },
    'none',
  )
  await withServer(
    [],
    async (s) => {
      await fetch(`${s.url}Patient/ri-9`, { method: 'PUT', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Patient', id: 'ri-9' }) })
      const obs = { resourceType: 'Observation', id: 'ri-o9', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/ri-9' } }
      await fetch(`${s.url}Observation/ri-o9`, { method: 'PUT', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(obs) })
      t.equal((await fetch(`${s.url}Patient/ri-9`, { method: 'DELETE' })).status, 204, 'by default the server does not enforce it')
    },
    'none',
  )
})

t.test('VARIANT-25 single-value-references: a comma list of references is refused with an OperationOutcome; one reference, or a list of another type, is answered', async (t) => {
  await withServer(
    ['single-value-references'],
    async (s) => {
      const list = await fetch(`${s.url}Observation?patient=Patient/p1,Patient/p2`)
      t.equal(list.status, 400, 'patient=a,b')
      const outcome = (await list.json()) as { resourceType: string; issue: Array<{ diagnostics: string }> }
      t.equal(outcome.resourceType, 'OperationOutcome')
      t.match(outcome.issue[0]!.diagnostics, /`patient` takes one reference/)
      t.equal((await fetch(`${s.url}Observation?subject:Patient=p1,p2`)).status, 400, 'with a modifier')
      t.equal((await fetch(`${s.url}Observation?patient=Patient/p1`)).status, 200, 'one reference')
      t.equal((await fetch(`${s.url}Observation?code=8867-4,8310-5`)).status, 200, 'a list of codes')
      t.equal((await fetch(`${s.url}Patient?_id=p1,p2`)).status, 200, 'a list of ids')
    },
    'none',
  )
  await withServer(
    [],
    async (s) => {
      t.equal((await fetch(`${s.url}Observation?patient=Patient/p1,Patient/p2`)).status, 200, 'by default a list is answered')
    },
    'none',
  )
})
