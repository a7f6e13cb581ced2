// The error every OAuth endpoint of the reference server answers with: an RFC 6749 §5.2 error code
// and a description; the HTTP layer turns it into the JSON error response.
export type OAuthErrorCode =
  'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope' | 'access_denied' | 'unsupported_response_type'

export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    description: string,
  ) {
    super(description)
  }
}
