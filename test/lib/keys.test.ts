// One signing-key loader for --key-file and --lambda-key: JWK or PEM, RSA or EC, the algorithm read
// from the key. An ES384 PEM goes through all three users: the target client, the auth suite's
// assertions and the Lambda harness.
import t from 'tap'
import { generateKeyPairSync } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { compactVerify, createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose'
import { loadSigningKey, parseSigningKey } from '../../lib/keys.js'
import { lambdaUnderTest } from '../../lib/lambda/harness.js'
import { startServer } from '../../server/http/server.js'
import { cliRun } from '../helpers.js'

const pem = (type: 'rsa' | 'ec', curve?: string, format: 'pkcs8' | 'sec1' | 'pkcs1' = 'pkcs8') => {
  const { privateKey } = type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: curve ?? 'P-384' })
  return privateKey.export({ type: format, format: 'pem' }) as string
}

t.test('KEYS-01: the algorithm comes from the key; the user or the JWK may name it', async (t) => {
  const ec384 = await generateKeyPair('ES384', { extractable: true })
  const rsa = await generateKeyPair('RS384', { extractable: true })
  const cases: Array<[string, string, { rsaAlg: 'RS256' | 'RS384'; alg?: string }, string]> = [
    ['an EC P-384 PKCS#8 PEM', pem('ec', 'P-384'), { rsaAlg: 'RS384' }, 'ES384'],
    ['an EC P-256 PKCS#8 PEM', pem('ec', 'P-256'), { rsaAlg: 'RS384' }, 'ES256'],
    ['an EC P-384 SEC1 PEM', pem('ec', 'P-384', 'sec1'), { rsaAlg: 'RS384' }, 'ES384'],
    ['an RSA PKCS#8 PEM for SMART', pem('rsa'), { rsaAlg: 'RS384' }, 'RS384'],
    ['an RSA PKCS#1 PEM for an OIDC provider', pem('rsa', undefined, 'pkcs1'), { rsaAlg: 'RS256' }, 'RS256'],
    ['an EC JWK without alg', JSON.stringify(await exportJWK(ec384.privateKey)), { rsaAlg: 'RS384' }, 'ES384'],
    ['an RSA JWK naming RS512', JSON.stringify({ ...(await exportJWK(rsa.privateKey)), alg: 'RS512' }), { rsaAlg: 'RS384' }, 'RS512'],
    ['a flag over the JWK', JSON.stringify({ ...(await exportJWK(rsa.privateKey)), alg: 'RS512' }), { rsaAlg: 'RS384', alg: 'RS384' }, 'RS384'],
  ]
  for (const [what, text, options, alg] of cases) {
    const k = parseSigningKey(text, options)
    t.equal(k.alg, alg, what)
    // It signs, and its public JWK verifies what it signed.
    const jws = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: k.alg }).sign(k.key)
    await t.resolves(compactVerify(jws, createLocalJWKSet({ keys: [{ ...k.publicJwk, alg: k.alg }] })), `${what}: the public JWK verifies`)
    t.notOk('d' in k.publicJwk, `${what}: no private member in the public JWK`)
  }
  const fromJwk = parseSigningKey(JSON.stringify({ ...(await exportJWK(rsa.privateKey)), kid: 'k-1' }), { rsaAlg: 'RS384' })
  t.equal(fromJwk.kid, 'k-1', "the JWK's kid")
  t.same(Object.keys(fromJwk.publicJwk), ['kty', 'n', 'e', 'kid'], 'a JWK file keeps its own members and order (what its owner registered)')
  t.equal(parseSigningKey(pem('ec'), { rsaAlg: 'RS384', kid: 'pem-1' }).publicJwk.kid, 'pem-1', 'a PEM takes its kid from the flag')
})

t.test('KEYS-02: a key Shoreline cannot sign with is one line naming the flag and the file', async (t) => {
  const dir = t.testdir({
    'public.json': JSON.stringify(await exportJWK((await generateKeyPair('ES384')).publicKey)),
    'junk.pem': 'not a key',
    'oct.json': JSON.stringify({ kty: 'oct', k: 'AAAA' }),
  })
  const expectations: Array<[string, RegExp]> = [
    ['public.json', /^--key-file .*public\.json: not a usable private JWK or PEM key \(this JWK is a public key; give the private key \(with "d"\)\)$/],
    ['junk.pem', /^--key-file .*junk\.pem: not a usable private JWK or PEM key \(.+\)$/],
    ['oct.json', /^--key-file .*oct\.json: not a usable private JWK or PEM key \(kty oct is not RSA or EC\)$/],
    ['missing.pem', /^--key-file .*missing\.pem: cannot read the key file \(ENOENT\)$/],
  ]
  for (const [file, message] of expectations) t.throws(() => loadSigningKey(join(dir, file), { rsaAlg: 'RS384' }, '--key-file'), message, file)
})

t.test('KEYS-03: an ES384 PEM works for --auth backend, for every auth check that builds an assertion, and for --lambda-key', async (t) => {
  const dir = t.testdir({})
  const client = generateKeyPairSync('ec', { namedCurve: 'P-384' })
  const keyFile = join(dir, 'client.pem')
  writeFileSync(keyFile, client.privateKey.export({ type: 'pkcs8', format: 'pem' }))
  const registered = { ...(client.publicKey.export({ format: 'jwk' }) as Record<string, string>), kid: 'pem-1', alg: 'ES384' }
  const server = await startServer({ auth: 'smart', authConfig: { clients: [{ client_id: 'pem', jwks: { keys: [registered as never] }, scope: 'system/*.cruds system/*.read' }] } })
  t.teardown(() => server.close())
  // The client and the auth suite: every check that signs an assertion with the client's key.
  const out = join(dir, 'out')
  const r = await cliRun([
    'conform',
    '--target',
    server.url,
    '--auth',
    'backend',
    '--client-id',
    'pem',
    '--key-file',
    keyFile,
    '--key-id',
    'pem-1',
    '--suite',
    'auth',
    '--read-only',
    '--out',
    out,
  ])
  t.equal(r.code, 0, r.stderr)
  t.match(r.stdout, /checks: \d+ passed, 0 failed/)
  t.notMatch(r.stderr, /ES384|RS384.*PEM|not a usable/, 'no key error')
  // The Lambda harness: the tokens it signs with an ES384 PEM verify against the IdP's public key.
  const idp = generateKeyPairSync('ec', { namedCurve: 'P-384' })
  const idpFile = join(dir, 'idp.pem')
  writeFileSync(idpFile, idp.privateKey.export({ type: 'pkcs8', format: 'pem' }))
  const lambda = await lambdaUnderTest({ handler: 'examples/lambda-token-validator/index.mjs', keyFile: idpFile, issuer: 'https://idp.test/', endpoint: server.url })
  t.equal(lambda.alg, 'ES384')
  const token = await new SignJWT({ scope: 'system/Patient.read' })
    .setProtectedHeader({ alg: lambda.alg })
    .setIssuer(lambda.issuer)
    .setAudience(lambda.endpoint)
    .setExpirationTime('5m')
    .sign(lambda.key)
  const jwks = createLocalJWKSet({ keys: [{ ...(idp.publicKey.export({ format: 'jwk' }) as Record<string, string>), alg: 'ES384' }] })
  await t.resolves(jwtVerify(token, jwks, { issuer: 'https://idp.test/', audience: server.url }))
})
