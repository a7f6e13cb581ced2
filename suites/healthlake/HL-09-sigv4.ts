import { expect, type Check } from '../check.js'
import { API, dataStore, healthlake } from './shared.js'

export const check: Check = {
  id: 'HL-09',
  title: 'A control-plane request with a wrong SigV4 signature is refused',
  description: `\`DescribeFHIRDatastore\` signed with the right access key id but a wrong secret fails with an authentication error (\`InvalidSignatureException\`, \`UnrecognizedClientException\` or 403) ([Signing AWS API requests](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html); [HealthLake common errors](${API}/CommonErrors.html)).`,
  verifies: ['HL-CP-3'],
  level: 'SHALL',
  async run(ctx) {
    const ds = dataStore(ctx)
    const sdk = await import('@aws-sdk/client-healthlake')
    const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers')
    const accessKeyId = ds.credentials?.accessKeyId ?? (await fromNodeProviderChain()().catch(() => undefined))?.accessKeyId ?? 'AKIAIOSFODNN7EXAMPLE'
    const client = await healthlake(ds, { accessKeyId, secretAccessKey: 'shoreline-deliberately-wrong-secret' })
    const r = await ctx.call('hl-describe-wrong-signature', { method: 'DescribeFHIRDatastore (wrong secret)', url: ds.label }, () =>
      client.send(new sdk.DescribeFHIRDatastoreCommand({ DatastoreId: ds.datastoreId })),
    )
    client.destroy()
    expect(r.error !== undefined, 'expected the request to be refused, it was served')
    expect(/InvalidSignature|UnrecognizedClient|AccessDenied|SignatureDoesNotMatch|403|Forbidden/i.test(r.error), `expected an authentication error, got ${r.error}`)
  },
}
