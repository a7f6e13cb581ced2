// The US Core faults' effect on a read: the resource loses the first of its claimed profile's
// top-level must-support (or required) elements that it holds, so a read no longer returns what was
// written (US-01) or no longer conforms to the profile it claims (US-03). PractitionerRole requires
// no top-level element; its rule (pd-1) is contact details or an endpoint, so it loses both.
import { elementKeys, US_CORE_PROFILES } from '../../lib/us-core/index.js'

type Json = Record<string, unknown>

export function withoutProfileElement(resource: Json, which: 'mustSupport' | 'required'): Json {
  const claimed = ((resource.meta as { profile?: unknown[] } | undefined)?.profile ?? []).map(String).find((p) => US_CORE_PROFILES[p])
  const profile = claimed ? US_CORE_PROFILES[claimed] : undefined
  if (which === 'required' && profile?.type === 'PractitionerRole') {
    const { telecom: _t, endpoint: _e, ...rest } = resource
    return rest
  }
  for (const element of profile?.[which] ?? []) {
    if (element === 'id' || element === 'meta') continue
    const keys = elementKeys(resource, element)
    if (keys.length === 0) continue
    const out = { ...resource }
    for (const k of keys) delete out[k]
    return out
  }
  return resource
}
