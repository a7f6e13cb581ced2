// Facts about the embedded reference server that clients may rely on: the test-only SigV4
// credentials its control plane and AWS_AUTH mode accept unless SHORELINE_SIGV4_* overrides them.
// They sign requests to loopback only and are worthless against AWS.
export const EMBEDDED_SIGV4 = { accessKeyId: 'SHORELINETESTKEY0000', secretAccessKey: 'shoreline-local-test-secret-not-for-aws' }

/** Is this URL on this machine (127.0.0.0/8, ::1, localhost)? */
export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '')
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}
