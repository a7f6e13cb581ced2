// The server's SMART client registrations (`shoreline serve --auth-config FILE`), checked with
// ajv so an error names the field: {clients:[{client_id, jwks|jwks_url|client_secret, scope,
// redirect_uris?, launch?}], accessTokenSeconds?, refreshTokenSeconds?, iamRoleArn?}.
import { readFileSync } from 'node:fs'
import type { ValidateFunction } from 'ajv'
import { newAjv } from '../../lib/validation/ajv.js'
import { InputError } from '../../lib/errors.js'
import type { AuthConfig } from './authorization-server.js'

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['clients'],
  properties: {
    clients: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['client_id', 'scope'],
        anyOf: [{ required: ['jwks'] }, { required: ['jwks_url'] }, { required: ['client_secret'] }, { required: ['redirect_uris'] }],
        properties: {
          client_id: { type: 'string', minLength: 1 },
          jwks: { type: 'object', required: ['keys'], properties: { keys: { type: 'array', items: { type: 'object', required: ['kty'] } } } },
          jwks_url: { type: 'string', pattern: '^https?://' },
          client_secret: { type: 'string', minLength: 8 },
          scope: { type: 'string', minLength: 1 },
          redirect_uris: { type: 'array', items: { type: 'string', pattern: '^https?://' } },
          launch: {
            type: 'object',
            additionalProperties: false,
            properties: {
              patient: { type: 'string' },
              fhirUser: { type: 'string' },
              fhirContext: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  properties: { reference: { type: 'string' }, canonical: { type: 'string' }, identifier: { type: 'object' }, type: { type: 'string' }, role: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    },
    accessTokenSeconds: { type: 'integer', minimum: 1, maximum: 86400 },
    refreshTokenSeconds: { type: 'integer', minimum: 1 },
    iamRoleArn: { type: 'string', pattern: '^arn:aws(-[^:]+)?:iam::[0-9]{12}:role/.+$' },
  },
}

// Compiled when an auth config is parsed, not when the module loads (every server and CLI run loads it).
let compiled: ValidateFunction<AuthConfig> | undefined
const validator = (): ValidateFunction<AuthConfig> => (compiled ??= newAjv({ allErrors: false, strict: false }).compile<AuthConfig>(schema))

export function parseAuthConfig(text: string, where: string): AuthConfig {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new InputError(`not JSON: ${(err as Error).message}`, where)
  }
  const validate = validator()
  if (!validate(value)) {
    const e = validate.errors?.[0]
    if (!e) throw new InputError('does not match the auth-config schema', where)
    const path = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(top level)'
    throw new InputError(`${path} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`, where)
  }
  const ids = value.clients.map((c) => c.client_id)
  const dup = ids.find((id, i) => ids.indexOf(id) !== i)
  if (dup) throw new InputError(`clients: client_id ${dup} is registered twice`, where)
  return value
}

export function readAuthConfig(path: string): AuthConfig {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new InputError(`cannot read: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, path)
  }
  return parseAuthConfig(text, path)
}
