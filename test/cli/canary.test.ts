// The secret canary: one client secret (with characters that every encoding changes) goes through
// every command that can carry it — as a flag, so argv is tested too — and through the failure and
// --debug paths; then every file those commands wrote, and everything they printed, is searched for
// the secret in each encoding it could travel in, for the Basic pair, for a bearer token given as a
// flag, and for any token at all.
import t from 'tap'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { cli, cliRun, type CliResult } from '../helpers.js'
import { startServer } from '../../server/http/server.js'

const ID = 'canary-client'
const SECRET = 'c4n4ry+S/e=cr3t~&-quiet'
const REDIRECT = 'http://127.0.0.1:9/canary/callback'

/** The forms a secret takes on its way: as written, form- and URL-encoded, base64 and base64url (with and without padding), and inside the Basic pair. */
function encodings(id: string, secret: string): Record<string, string> {
  const b64 = (s: string) => Buffer.from(s).toString('base64')
  const b64url = (s: string) => Buffer.from(s).toString('base64url')
  const form = (s: string) => new URLSearchParams({ s }).toString().slice(2)
  return {
    plain: secret,
    'URL-encoded': encodeURIComponent(secret),
    'form-encoded': form(secret),
    base64: b64(secret),
    'base64 unpadded': b64(secret).replace(/=+$/, ''),
    base64url: b64url(secret),
    'Basic pair': b64(`${id}:${secret}`).replace(/=+$/, ''),
    'Basic pair, form-encoded first (RFC 6749 2.3.1)': b64(`${form(id)}:${form(secret)}`).replace(/=+$/, ''),
    'JSON-escaped': JSON.stringify(secret).slice(1, -1),
  }
}

function files(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...files(p))
    else out.push(p)
  }
  return out
}

t.test('CANARY-01: no file written and no line printed holds the client secret in any encoding, or a token', async (t) => {
  const target = await startServer({
    auth: 'smart',
    retryAfterSeconds: 0,
    authConfig: {
      clients: [
        // The same client is also a confidential app (AU-04 sends its secret in HTTP Basic); a public app goes with it.
        { client_id: ID, client_secret: SECRET, scope: 'system/*.cruds system/*.rs launch/patient patient/*.rs', redirect_uris: [REDIRECT] },
        { client_id: 'canary-app', redirect_uris: [REDIRECT], scope: 'launch/patient patient/*.rs' },
      ],
    },
  })
  t.teardown(() => target.close())
  const dir = t.testdir({})
  const data = join(dir, 'data')
  t.equal(cli(['generate', '--patients', '3', '--seed', '5', '--invalid', '--workers', '1', '--quiet', '--out', data]).code, 0)
  const auth = ['--target', target.url, '--auth', 'client-secret', '--client-id', ID, '--client-secret', SECRET]
  const out = join(dir, 'results')
  const runs: Array<[string, CliResult]> = []
  const run = async (name: string, args: string[], env: NodeJS.ProcessEnv = {}) => runs.push([name, await cliRun(args, { SLO_FACTOR: '20', ...env })])
  await run('seed', ['seed', ...auth, '--data', data, '--out', join(out, 'seed')])
  await run('import', ['import', ...auth, '--data', data, '--invalid', '--validation-level', 'structure-only', '--out', join(out, 'import')])
  await run('conform', ['conform', ...auth, '--data', data, '--no-seed', '--out', join(out, 'conform')])
  // The secret as a confidential app's (from the environment only): AU-04 sends it in HTTP Basic, then a wrong one.
  const app = ['--app-client-id', 'canary-app', '--app-redirect-uri', REDIRECT, '--confidential-client-id', ID]
  await run('conform AU-04', ['conform', ...auth, ...app, '--grep', '^AU-04$', '--out', join(out, 'conform-app')], { SHORELINE_CONFIDENTIAL_CLIENT_SECRET: SECRET })
  for (const scenario of ['smart-token', 'fhir-api-mix', 'import'])
    await run(`load ${scenario}`, [
      'load',
      '--scenario',
      scenario,
      ...auth,
      '--data',
      data,
      '--duration',
      '2s',
      '--summary-export',
      join(out, `legacy-${scenario}.json`),
      '--out',
      join(out, `load-${scenario}`),
    ])
  await run('load --emit k6-operator', ['load', '--scenario', 'fhir-api-mix', '--emit', 'k6-operator', ...auth, '--out', join(out, 'k8s')])
  // A bearer token given as a flag is a secret too: one is fetched, then carried through a seed and a load.
  const smart = (await (await fetch(`${target.url}.well-known/smart-configuration`)).json()) as { token_endpoint: string }
  const issued = await fetch(smart.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${ID}:${SECRET}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'system/*.cruds system/*.rs' }).toString(),
  })
  const token = ((await issued.json()) as { access_token: string }).access_token
  t.match(token, /^\S{20,}$/, 'a token to carry')
  const bearer = ['--target', target.url, '--auth', 'bearer', '--token', token]
  await run('seed, bearer', ['seed', ...bearer, '--data', data, '--out', join(out, 'seed-bearer')])
  await run('load, bearer', ['load', '--scenario', 'fhir-api-mix', ...bearer, '--data', data, '--duration', '2s', '--out', join(out, 'load-bearer')])
  await run('report', ['report', out, '--html', join(out, 'index.html'), '--markdown', join(out, 'summary.md')])
  await run('report --json', ['report', out, '--markdown', '-', '--json'])
  // The failure paths: a refused secret, a target gone, a usage error, each with --debug (stack traces allowed, secrets not).
  await run('seed, refused, --debug', [
    'seed',
    '--target',
    target.url,
    '--auth',
    'client-secret',
    '--client-id',
    ID,
    '--client-secret',
    `${SECRET}-wrong`,
    '--data',
    data,
    '--debug',
    '--out',
    join(out, 'refused'),
  ])
  await run('conform, gone, --debug', ['conform', ...auth.map((a) => (a === target.url ? 'http://127.0.0.1:9/r4/' : a)), '--debug', '--out', join(out, 'gone')])
  await run('load, usage error, --debug', ['load', '--scenario', 'fhir-api-mix', ...auth, '--duration', 'soon', '--debug'])
  const code = Object.fromEntries(runs.map(([n, r]) => [n, r.code]))
  const failures = ['seed, refused, --debug', 'conform, gone, --debug', 'load, usage error, --debug']
  t.ok(
    runs.filter(([n]) => !failures.includes(n)).every(([, r]) => r.code === 0),
    `the runs themselves succeed: ${runs.map(([n, r]) => `${n} ${r.code}`).join(', ')}`,
  )
  t.same(
    failures.map((n) => code[n]),
    [3, 3, 2],
    'the failure paths fail as documented',
  )

  const forms = { ...encodings(ID, SECRET), ...Object.fromEntries(Object.entries(encodings('', token)).map(([k, v]) => [`token, ${k}`, v])) }
  delete forms['token, Basic pair']
  delete forms['token, Basic pair, form-encoded first (RFC 6749 2.3.1)']
  const written = files(out)
  t.ok(written.length >= 30, `${written.length} files written`)
  const texts: Array<[string, string]> = [
    ...written.map((f): [string, string] => [f.slice(out.length + 1), readFileSync(f, 'latin1')]),
    ...runs.flatMap(([n, r]): Array<[string, string]> => [
      [`${n}: stdout`, r.stdout],
      [`${n}: stderr`, r.stderr],
    ]),
  ]
  const leaks: string[] = []
  for (const [where, text] of texts) {
    for (const [form, value] of Object.entries(forms)) if (text.includes(value)) leaks.push(`${where}: the secret (${form})`)
    const jwt = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/.exec(text)
    if (jwt) leaks.push(`${where}: a token (${jwt[0].slice(0, 16)}…)`)
  }
  t.same(leaks, [], `no secret and no token in ${texts.length} files and outputs`)
  t.ok(
    texts.some(([, text]) => /\[REDACTED\]|\*\*\*/.test(text)),
    'redaction did happen somewhere (the canary was carried and hidden, not just absent)',
  )
})
