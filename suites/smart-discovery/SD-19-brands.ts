import { expect, shown, skip, type Check } from '../check.js'
import { parseBody, parseBodyIfJson } from '../expect.js'
import { discoveryJson } from './shared.js'

const BRANDS = 'https://hl7.org/fhir/smart-app-launch/STU2.2/brands.html#brand-bundle-profile'
const CAPABILITIES = 'https://hl7.org/fhir/R4/http.html#capabilities'
/** Endpoints asked for their CapabilityStatement: a vendor's bundle may list thousands. */
const PROBED = 10

interface Entry {
  fullUrl?: unknown
  resource?: { resourceType?: unknown; id?: unknown; address?: unknown; endpoint?: Array<{ reference?: unknown }> }
}

export const check: Check = {
  id: 'SD-19',
  title: 'The User-access Brands bundle the SMART configuration names is public, a timestamped collection, every Endpoint branded, and its endpoints answer',
  description: `Where \`.well-known/smart-configuration\` names a \`user_access_brand_bundle\` (SMART App Launch 2.2), the bundle is fetched without a token, as an app would: it must be a JSON Bundle of type \`collection\` with \`timestamp\` (Brand Bundles SHALL populate it), and every Endpoint in it must be named by a brand, an Organization's \`endpoint\` (publishers SHALL publish at least a primary brand for each endpoint) ([User-access Brands, Brand Bundle](${BRANDS})). Up to ${PROBED} Endpoint addresses are then asked for \`metadata\`: at least one must answer a CapabilityStatement ([R4 capabilities](${CAPABILITIES})); one endpoint being down is not judged. A configuration without the field skips: publishing brands is optional.`,
  verifies: ['SMART-BRANDS-1', 'FHIR-HTTP-CAP-1'],
  level: 'SHALL',
  async run(ctx) {
    const conf = await discoveryJson(ctx)
    const url = conf.user_access_brand_bundle
    if (typeof url !== 'string' || url.trim() === '') skip('the SMART configuration names no `user_access_brand_bundle` (publishing brands is optional)')
    const ex = await ctx.exchange('brands-bundle', 'GET', url, { accept: 'application/fhir+json, application/json' }, { noAuth: true })
    expect(ex.response?.status === 200, `expected the User-access Brands bundle at ${url} to be public (200 without a token), got ${ex.response?.status ?? ex.error}`)
    const bundle = parseBody<{ resourceType?: unknown; type?: unknown; timestamp?: unknown; entry?: Entry[] }>(ex.response.body, 'the User-access Brands bundle')
    expect(
      bundle.resourceType === 'Bundle' && bundle.type === 'collection',
      `expected the User-access Brands bundle to be a Bundle of type collection, got ${shown(bundle.resourceType)} of type ${shown(bundle.type)}`,
    )
    expect(
      typeof bundle.timestamp === 'string' && bundle.timestamp !== '',
      `the User-access Brands bundle has no \`timestamp\` (the last change to its content), got ${shown(bundle.timestamp ?? null)}`,
    )
    const entries = Array.isArray(bundle.entry) ? bundle.entry : []
    const endpoints = entries.filter((e) => e?.resource?.resourceType === 'Endpoint')
    expect(endpoints.length > 0, 'expected the User-access Brands bundle to hold at least one Endpoint')
    // Which Endpoints the brands name: a reference is `Endpoint/id` or the entry's absolute fullUrl.
    const named = new Set<string>()
    for (const e of entries) {
      if (e?.resource?.resourceType !== 'Organization') continue
      const base = typeof e.fullUrl === 'string' ? e.fullUrl.replace(/Organization\/[^/]+$/, '') : ''
      for (const r of e.resource.endpoint ?? []) {
        if (typeof r?.reference !== 'string') continue
        named.add(r.reference)
        if (base && !/^[a-z]+:/i.test(r.reference)) named.add(`${base}${r.reference}`)
      }
    }
    const unbranded = endpoints.filter((e) => !named.has(`Endpoint/${String(e.resource?.id)}`) && !(typeof e.fullUrl === 'string' && named.has(e.fullUrl)))
    expect(
      unbranded.length === 0,
      `no brand in the bundle names Endpoint ${shown(unbranded.slice(0, 3).map((e) => e.resource?.id ?? e.fullUrl))} (every endpoint needs at least a primary brand)`,
    )
    const tried: string[] = []
    for (const [i, e] of endpoints.slice(0, PROBED).entries()) {
      const address = e.resource?.address
      if (typeof address !== 'string' || !URL.canParse(address)) {
        tried.push(`${shown(address)} (no URL)`)
        continue
      }
      const meta = await ctx.exchange(`brands-endpoint-${i}`, 'GET', `${address.replace(/\/+$/, '')}/metadata`, { accept: 'application/fhir+json' }, { noAuth: true })
      const type = meta.response?.status === 200 ? parseBodyIfJson<{ resourceType?: unknown }>(meta.response.body)?.resourceType : undefined
      if (type === 'CapabilityStatement') return
      tried.push(`${address} (${meta.response ? `HTTP ${meta.response.status}${type ? `, a ${String(type)}` : ''}` : meta.error})`)
    }
    expect(false, `no Endpoint of the User-access Brands bundle answers a CapabilityStatement at its address's metadata: ${tried.join('; ')}`)
  },
}
