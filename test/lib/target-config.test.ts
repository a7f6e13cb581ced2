// Target configuration: flags over environment over shoreline.config.json; errors name the field.
import t from 'tap'
import { join } from 'node:path'
import { resolveTarget } from '../../lib/target/config.js'

t.test('LIB-TGT-01: flags win over environment, environment over the file; profile from the host', async (t) => {
  const dir = t.testdir({ 'shoreline.config.json': JSON.stringify({ target: 'http://file.example/r4', targetProfile: 'medplum', auth: { kind: 'bearer', token: 'from-file' } }) })
  const fromFile = resolveTarget({}, {}, dir)
  t.same(fromFile, { url: 'http://file.example/r4/', profile: 'medplum', auth: { kind: 'bearer', token: 'from-file' }, timeoutMs: 30_000, headers: {} })
  const fromEnv = resolveTarget(
    {},
    { SHORELINE_TARGET: 'https://healthlake.eu-west-2.amazonaws.com/datastore/abc/r4/', SHORELINE_TARGET_PROFILE: 'healthlake', SHORELINE_AUTH: 'sigv4' },
    dir,
  )
  t.equal(fromEnv.profile, 'healthlake')
  t.equal(fromEnv.url, 'https://healthlake.eu-west-2.amazonaws.com/datastore/abc/r4/')
  t.same(fromEnv.auth, { kind: 'sigv4', region: undefined })
  const fromFlags = resolveTarget({ target: 'http://127.0.0.1:9/x', auth: 'client-secret', clientId: 'c', clientSecret: 's' }, { SHORELINE_TARGET: 'http://other/' }, dir)
  t.equal(fromFlags.url, 'http://127.0.0.1:9/x/')
  t.equal(fromFlags.profile, 'medplum', 'the file still names the profile')
  t.same(fromFlags.auth, { kind: 'client-secret', clientId: 'c', clientSecret: 's', scope: 'system/*.cruds', scopeFromDiscovery: true }, 'no scope named: chosen from the target')
  const named = resolveTarget({ target: 'http://127.0.0.1:9/x', auth: 'client-secret', clientId: 'c', clientSecret: 's', scope: 'system/Patient.rs' }, {}, dir)
  t.same(named.auth, { kind: 'client-secret', clientId: 'c', clientSecret: 's', scope: 'system/Patient.rs' }, 'a named scope is asked as named')
  const empty = t.testdir({})
  t.equal(resolveTarget({ target: 'https://healthlake.us-east-1.amazonaws.com/datastore/x/r4/' }, {}, empty).profile, 'healthlake', 'a HealthLake host implies the profile')
})

t.test('LIB-TGT-03: the old spellings (config key profile, SHORELINE_PROFILE) are still read for one release', async (t) => {
  const dir = t.testdir({ 'shoreline.config.json': JSON.stringify({ target: 'http://file.example/r4', profile: 'medplum' }) })
  t.equal(resolveTarget({}, {}, dir).profile, 'medplum')
  t.equal(resolveTarget({}, { SHORELINE_PROFILE: 'healthlake' }, dir).profile, 'healthlake')
  t.equal(resolveTarget({}, { SHORELINE_PROFILE: 'healthlake', SHORELINE_TARGET_PROFILE: 'generic' }, dir).profile, 'generic', 'the new name wins')
})

t.test('LIB-TGT-02: bad configuration: one message naming the field or flag', async (t) => {
  const dir = t.testdir({
    'bad.json': JSON.stringify({ target: 'http://x/', auth: { kind: 'backend', clientId: 'c' } }),
    'typo.json': JSON.stringify({ targett: 'http://x/' }),
    'broken.json': '{',
  })
  t.throws(() => resolveTarget({ config: join(dir, 'bad.json') }, {}, dir), /bad\.json: auth must/)
  t.throws(() => resolveTarget({ config: join(dir, 'typo.json') }, {}, dir), /typo\.json: \(top level\) must NOT have additional properties/)
  t.throws(() => resolveTarget({ config: join(dir, 'broken.json') }, {}, dir), /broken\.json: not JSON/)
  t.throws(() => resolveTarget({ config: join(dir, 'missing.json') }, {}, dir), /missing\.json: no such file/)
  t.throws(() => resolveTarget({}, {}, t.testdir({})), /no target/)
  t.throws(() => resolveTarget({ target: 'http://x/', auth: 'backend', clientId: 'c' }, {}, t.testdir({})), /--auth backend needs --key-file \(or SHORELINE_KEY_FILE\)/)
  t.throws(() => resolveTarget({ target: 'http://x/', auth: 'magic' }, {}, t.testdir({})), /--auth must be/)
  t.throws(() => resolveTarget({ target: 'http://x/', targetProfile: 'azure' }, {}, t.testdir({})), /--target-profile must be/)
})

t.test('LIB-TGT-04: an unnamed scope is the system/ scopes the target lists, so a read-only server is asked only for reads', async (t) => {
  const { scopeToRequest } = await import('../../lib/target/auth.js')
  t.equal(
    scopeToRequest({ scopes_supported: ['openid', 'launch/patient', 'system/*.rs', 'system/Patient.read', 'patient/*.rs'] }, 'system/*.cruds'),
    'system/*.rs system/Patient.read',
  )
  t.equal(scopeToRequest({ scopes_supported: ['openid', 'patient/*.rs'] }, 'system/*.cruds'), 'system/*.cruds', 'no system scope listed: the default')
  t.equal(scopeToRequest(undefined, 'system/*.cruds'), 'system/*.cruds', 'no discovery: the default')
  t.equal(scopeToRequest({ scopes_supported: 'system/*.rs' }, 'system/*.cruds'), 'system/*.cruds', 'a malformed list is ignored')
})
