import t from 'tap'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { checkResults, RunRecorder, writeResults } from '../../lib/results/writer.js'
import { redactArgv, redactText, redactValue } from '../../lib/redact.js'

t.test('RES-01: a finished run conforms to the schema and is written redacted', async (t) => {
  const dir = t.testdir({})
  const rec = new RunRecorder('conformance', ['conform', '--client-secret', 's3cr3t-value', '--token=abc.def.ghi'])
  const token = 'eyJhbGciOiJSUzM4NCJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ'
  const results = rec.finish({
    verdict: 'fail',
    summary: { checks: 1, failed: 1 },
    target: { url: 'http://127.0.0.1:1/r4', auth: 'smart' },
    checks: [
      {
        id: 'AU-01',
        title: 'token',
        suite: 'auth',
        outcome: 'fail',
        message: `expected \`token_type\` to be \`Bearer\`, got \`mac\` for ${token}`,
        exchanges: [
          {
            request: {
              method: 'POST',
              url: 'http://127.0.0.1:1/token',
              headers: { authorization: `Bearer ${token}` },
              body: 'client_secret=hunter2&grant_type=client_credentials',
            },
          },
        ],
      },
    ],
  })
  t.same(checkResults(results), [])
  await writeResults(join(dir, 'r.json'), results)
  const text = readFileSync(join(dir, 'r.json'), 'utf8')
  for (const secret of ['s3cr3t-value', 'abc.def.ghi', token, 'hunter2']) t.notOk(text.includes(secret), `${secret.slice(0, 8)}… is redacted`)
  t.match(text, /\[REDACTED\]/)
  t.match(text, /grant_type=client_credentials/, 'the rest of the body stays')
})

t.test('RES-02: a document that breaks the schema is refused, nothing written', async (t) => {
  const dir = t.testdir({})
  const bad = { ...new RunRecorder('generate', []).finish({ verdict: 'pass', summary: {} }), verdict: 'maybe' }
  t.not(checkResults(bad).length, 0)
  await t.rejects(writeResults(join(dir, 'r.json'), bad as never), /results do not match schema/)
  t.throws(() => readFileSync(join(dir, 'r.json')))
})

t.test('RES-07: the validator the build precompiles (dist/results-validator.cjs, which the built CLI loads) judges as the schema does', async (t) => {
  const { createRequire } = await import('node:module')
  const built = createRequire(import.meta.url)('../../dist/results-validator.cjs') as (d: unknown) => boolean
  const good = new RunRecorder('generate', []).finish({ verdict: 'pass', summary: {} })
  const docs: Array<[string, unknown]> = [
    ['a finished run', good],
    ['verdict maybe', { ...good, verdict: 'maybe' }],
    ['no schemaVersion', { ...good, schemaVersion: undefined }],
    ['a check with an id only', { ...good, checks: [{ id: 'X' }] }],
    ['an unknown field', { ...good, extra: 1 }],
  ]
  for (const [what, d] of docs) t.equal(built(d), checkResults(d).length === 0, `${what}: ${checkResults(d).length ? 'refused' : 'accepted'} by both`)
  t.ok(built(good), 'a finished run is accepted')
  t.notOk(built(docs[1]![1]), 'a verdict outside the schema is refused')
})

t.test('RES-03: redaction of text, argv and values', async (t) => {
  t.equal(redactText('Authorization: Bearer abc123'), 'Authorization: Bearer [REDACTED]')
  t.match(redactText('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----'), /^\[REDACTED\]$/)
  t.same(redactArgv(['--client-secret', 'x', '--private-key-file=/k.pem', '--patients', '3']), [
    '--client-secret',
    '[REDACTED]',
    '--private-key-file=[REDACTED]',
    '--patients',
    '3',
  ])
  t.same(redactValue({ jwk: { kty: 'RSA', n: 'public', d: 'private' }, password: 'p' }), { jwk: { kty: 'RSA', n: 'public', d: '[REDACTED]' }, password: '[REDACTED]' })
})

t.test('RESULTS-DOCS: the schema published in docs/ is the one results are checked against', async (t) => {
  const { readFileSync } = await import('node:fs')
  const published = readFileSync(new URL('../../docs/results.schema.json', import.meta.url), 'utf8')
  const used = readFileSync(new URL('../../lib/results/schema.json', import.meta.url), 'utf8')
  t.equal(published, used, 'docs/results.schema.json is a copy of lib/results/schema.json (cp it after changing the schema)')
})

t.test('RES-05: a token cut short, or quoted as a JSON field, is redacted too', async (t) => {
  const jwt = 'eyJhbGciOiJSUzM4NCIsImtpZCI6IjEifQ.eyJzdWIiOiJjbGllbnQiLCJzY29wZSI6InN5c3RlbS8qLnJzIn0.c2lnbmF0dXJl'
  for (const cut of [jwt, jwt.slice(0, 60), jwt.slice(0, 20)]) t.notMatch(redactText(`got HTTP 200 ${cut}`), /eyJhbGciOiJSUzM4/, `${cut.length} characters of a token`)
  const body = `HTTP 200 {"access_token":"${jwt.slice(0, 40)}`
  t.equal(redactText(body), 'HTTP 200 {"access_token":"[REDACTED]')
  t.equal(redactText('{"client_secret": "hunter2-but-longer", "scope":"system/*.rs"}'), '{"client_secret": "[REDACTED]", "scope":"system/*.rs"}')
  t.equal(redactText('family=eyJones'), 'family=eyJones', 'a short eyJ word is not a token')
})

t.test('RES-06: an authorization code in the redirect back to the app, and a PKCE verifier, are redacted; a FHIR search by code is not', async (t) => {
  t.equal(redactText('http://127.0.0.1:9/cb?code=Zm9vYmFy-_x&state=s1'), 'http://127.0.0.1:9/cb?code=[REDACTED]&state=s1')
  t.equal(redactText('http://127.0.0.1:9/cb?state=s1&code=Zm9vYmFy'), 'http://127.0.0.1:9/cb?state=s1&code=[REDACTED]')
  t.equal(redactText('grant_type=authorization_code&code_verifier=abc123'), 'grant_type=authorization_code&code_verifier=[REDACTED]')
  t.equal(redactText('Observation?code=http://loinc.org|8867-4&_count=2'), 'Observation?code=http://loinc.org|8867-4&_count=2', 'a search stays as it was')
})

t.test('RESULTS-REDACT-ENCODINGS: a registered secret is redacted as written, URL-encoded, base64 and in a Basic pair; credential-shaped fields too', async (t) => {
  const { registerSecret, redactText: redact, redactValue: redactV } = await import('../../lib/redact.js')
  const secret = 'canary-secret-Zq9/+x'
  registerSecret(secret, 'client-1')
  const b64 = Buffer.from(secret).toString('base64')
  const pair = Buffer.from(`client-1:${secret}`).toString('base64')
  for (const form of [secret, encodeURIComponent(secret), b64, Buffer.from(secret).toString('base64url'), pair, encodeURIComponent(pair)])
    t.notMatch(redact(`before ${form} after`), form.replace(/=+$/, ''), `redacted: ${form}`)
  t.same(redactV({ basic: 'anything', authorization: 'x', nested: { value: `has ${pair} in it` } }), {
    basic: '[REDACTED]',
    authorization: '[REDACTED]',
    nested: { value: 'has [REDACTED] in it' },
  })
  t.equal(redact('a short secret is not registered: abc'), 'a short secret is not registered: abc')
})
