// The registered clients and settings of the reference server's authorization server, and the
// shape of its answers and state (authorization-server.ts): the types its configuration file is read into.
import type { JSONWebKeySet } from 'jose'
import type { SignInUser } from './sign-in.js'

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
  /** Launch context for headless authorization_code approval: the patient, the user, and further resources in `fhirContext` (SMART 2). */
  launch?: { patient?: string; fhirUser?: string; fhirContext?: FhirContextItem[] }
}

/** A confidential client: it holds credentials (a secret or keys) and must authenticate at the token endpoint (RFC 6749 §2.1, §3.2.1). */
export const isConfidential = (c: ClientConfig | undefined): boolean => c?.client_secret !== undefined || c?.jwks !== undefined || c?.jwks_url !== undefined

export interface AuthConfig {
  clients: ClientConfig[]
  /** Access token lifetime, seconds (default 300). */
  accessTokenSeconds?: number
  /** Refresh token lifetime, seconds (default 3600). */
  refreshTokenSeconds?: number
  /** The IAM role a validated token maps to (HealthLake's Lambda contract). */
  iamRoleArn?: string
  /** A user signs in and consents before a code is issued (serve --sign-in); headless approval without. */
  signIn?: SignInUser
}

export interface OAuthReply {
  status: number
  headers: Record<string, string>
  body?: unknown
}

/** An authorization code issued and not yet exchanged. */
export interface PendingCode {
  clientId: string
  redirectUri: string
  scope: string
  challenge: string
  /** S256, or plain under the discovery-plain-pkce fault. */
  method: 'S256' | 'plain'
  expires: number
  launch?: ClientConfig['launch']
}

/** What a refresh token stands for. */
export interface RefreshGrant {
  clientId: string
  scope: string
  expires: number
  launch?: ClientConfig['launch']
}

/** An item of a token response's `fhirContext` (SMART App Launch 2, launch context). */
export interface FhirContextItem {
  reference?: string
  canonical?: string
  identifier?: Record<string, unknown>
  type?: string
  role?: string
}
