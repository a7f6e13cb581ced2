import { expect, skip, type Check } from '../check.js'
import { KICKOFF, SPEC } from './shared.js'

export const check: Check = {
  id: 'BE-21',
  title: 'DELETE on the status URL cancels: 202, then 404',
  description: `A client cancels with \`DELETE\` on the status URL: 202 Accepted, after which the status URL answers 404 ([Bulk Data IG, Delete request](${SPEC}#bulk-data-delete-request)).`,
  verifies: ['BULK-7'],
  level: 'SHALL',
  async run(ctx) {
    const kick = await ctx.exchange('export-kickoff-to-cancel', 'GET', '$export', KICKOFF)
    const location = kick.response?.headers['content-location']
    if (kick.response?.status !== 202 || !location) skip('the kick-off was not accepted (BE-01)')
    const del = await ctx.exchange('export-cancel', 'DELETE', location)
    expect(del.response?.status === 202, `expected HTTP 202 for DELETE on the status URL, got ${del.response?.status ?? del.error}`)
    const after = await ctx.exchange('export-after-cancel', 'GET', location)
    expect(after.response?.status === 404, `expected HTTP 404 for the cancelled job, got ${after.response?.status ?? after.error}`)
  },
}
