import { expect, shown, skip, type Check } from '../check.js'
import { discovery, SPEC } from '../smart-discovery/shared.js'
import { appView, call, failed, KIT, LIB } from './shared.js'

/** `url` as the URL parser writes it (as the library's `new URL()` would), or as given when it is not absolute. */
function normal(url: unknown): string {
  try {
    return new URL(String(url)).href
  } catch {
    return String(url)
  }
}

export const check: Check = {
  id: 'IO-02',
  title: "fhir-kit-client's SMART discovery finds the token and authorization endpoints .well-known publishes",
  description: `An app calls [${LIB}](${KIT})'s \`smartAuthMetadata()\`, which asks \`.well-known/smart-configuration\`, the CapabilityStatement and the OpenID configuration at once and takes the first usable answer. Discovery goes without credentials, as an app's does; here the other two wait while the SMART document is read (at most 2 s), so the verdict is about that document: the library must come back with its \`token_endpoint\` (and \`authorization_endpoint\`, when published) as URLs ([SMART App Launch, metadata](${SPEC}#metadata)).`,
  verifies: ['SMART-WK-1', 'SMART-WK-3'],
  level: 'SHALL',
  needs: [{ authorization: 'smart' }],
  async run(ctx) {
    const wk = await discovery(ctx)
    if (wk.response?.status !== 200) skip(`.well-known/smart-configuration answered ${wk.response?.status ?? wk.error} (SD-01 judges it)`)
    const conf = wk.json<Record<string, unknown>>()
    const view = await appView(ctx)
    view.discovering = true
    const r = await call(ctx, 'io-smart-metadata', (c) => c.smartAuthMetadata()).finally(() => (view.discovering = false))
    expect(!r.error && r.value, `expected ${LIB}'s smartAuthMetadata() to read the SMART configuration; ${failed(r)}`)
    const found = r.value as { tokenUrl?: URL; authorizeUrl?: URL }
    expect(
      found.tokenUrl,
      `expected ${LIB}'s smartAuthMetadata() to find \`token_endpoint\` in .well-known/smart-configuration, got nothing (the document has ${shown(conf.token_endpoint)})`,
    )
    expect(
      found.tokenUrl.href === normal(conf.token_endpoint),
      `expected ${LIB} to take \`token_endpoint\` ${shown(conf.token_endpoint)} from .well-known/smart-configuration, got ${shown(found.tokenUrl.href)} (a fallback answered first: the document's value was not a URL it could use)`,
    )
    if (conf.authorization_endpoint !== undefined)
      expect(
        found.authorizeUrl?.href === normal(conf.authorization_endpoint),
        `expected ${LIB} to take \`authorization_endpoint\` ${shown(conf.authorization_endpoint)}, got ${shown(found.authorizeUrl?.href)}`,
      )
  },
}
