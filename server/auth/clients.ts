// The registered clients and settings of the reference server's authorization server, and the
// shape of its answers (authorization-server.ts): the types its configuration file is read into.
import type { JSONWebKeySet } from 'jose'

export interface ClientConfig {
  client_id: string
  /** Public keys for private_key_jwt. */
  jwks?: JSONWebKeySet
  /** Where the client publishes its keys (the only `jku` accepted from it). */
  jwks_url?: string
  /** For client_secret_basic / client_secret_post. */
  client_secret?: string
  /** The scopes this client may be granted, space separated. */
  scope: string
  redirect_uris?: string[]
  /** Launch context for headless authorization_code approval. */
  launch?: { patient?: string; fhirUser?: string }
}

export interface AuthConfig {
  clients: ClientConfig[]
  /** Access token lifetime, seconds (default 300). */
  accessTokenSeconds?: number
  /** Refresh token lifetime, seconds (default 3600). */
  refreshTokenSeconds?: number
  /** The IAM role a validated token maps to (HealthLake's Lambda contract). */
  iamRoleArn?: string
}

export interface OAuthReply {
  status: number
  headers: Record<string, string>
  body?: unknown
}
