// The smart-discovery checks in run order: a check that makes an exchange comes before the checks that
// only read it (STYLE.md 2). The registry (suites/registry.ts) composes the areas.
import type { Check } from '../check.js'
import { check as SD01 } from './SD-01-well-known-200.js'
import { check as SD02 } from './SD-02-json-content-type.js'
import { check as SD03 } from './SD-03-endpoints-reachable.js'
import { check as SD04 } from './SD-04-stu1-required-fields.js'
import { check as SD05 } from './SD-05-stu2-required-fields.js'
import { check as SD06 } from './SD-06-authorization-code.js'
import { check as SD07 } from './SD-07-pkce-s256-only.js'
import { check as SD08 } from './SD-08-openid-fields.js'
import { check as SD09 } from './SD-09-capabilities-strings.js'
import { check as SD11 } from './SD-11-token-endpoint-uri.js'
import { check as SD12 } from './SD-12-recommended-fields.js'
import { check as SD13 } from './SD-13-asymmetric-client-auth.js'
import { check as SD14 } from './SD-14-cors.js'
import { check as SD17 } from './SD-17-jwks.js'
import { check as SD18 } from './SD-18-token-endpoint-tls.js'
import { check as SD16 } from './SD-16-openid-configuration.js'
import { check as SD15 } from './SD-15-metadata-cors.js'
import { check as SD19 } from './SD-19-brands.js'

export const checks: readonly Check[] = [SD01, SD02, SD03, SD04, SD05, SD06, SD07, SD08, SD09, SD11, SD12, SD13, SD14, SD17, SD16, SD15, SD18, SD19]
