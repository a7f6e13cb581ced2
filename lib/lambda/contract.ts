// HealthLake's token-validation Lambda contract (HealthLake developer guide, "Token validation
// using AWS Lambda"): the event HealthLake sends for every FHIR request on a SMART data store, the
// result it expects back within 1 s, and loading a user's handler module by path. Shared by the
// reference server (which calls a validator this way) and the healthlake-lambda suite.
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'

export interface LambdaEvent {
  datastoreEndpoint: string
  operationName: string
  bearerToken: string
}

export interface AuthPayload {
  iss?: string
  aud?: string | string[]
  iat?: number
  nbf?: number
  exp?: number
  /** HealthLake's sample returns the string "true"; a boolean is accepted as well. */
  isAuthorized: boolean | 'true' | 'false'
  uid?: string
  scope?: string
  /** Launch context carried through for patient/ scopes. */
  patient?: string
  fhirUser?: string
}

export interface LambdaResult {
  authPayload: AuthPayload
  iamRoleARN: string
}

/** A user's Lambda handler module (`export const handler = async (event) => …`), loaded by path. */
export async function loadHandlerModule(path: string): Promise<(event: LambdaEvent) => Promise<LambdaResult>> {
  const mod = (await import(pathToFileURL(resolve(path)).href)) as { handler?: unknown; default?: { handler?: unknown } }
  const handler = mod.handler ?? mod.default?.handler
  if (typeof handler !== 'function') throw new Error(`${path} does not export a \`handler\` function`)
  return async (event) => (await (handler as (e: LambdaEvent, ctx: unknown) => Promise<LambdaResult>)(event, {})) as LambdaResult
}
