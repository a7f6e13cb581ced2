import { expect, skip, type Check } from '../check.js'
import { KICKOFF, SPEC } from './shared.js'

export const check: Check = {
  id: 'BE-13',
  title: 'An in-progress status answers 202 with Retry-After (so clients can pace their polling)',
  description: `While the export runs, the status URL answers 202 (polled at once after the kick-off, up to three kick-offs); it SHOULD say when to come back with \`Retry-After\` (clients otherwise back off exponentially) and MAY report \`X-Progress\` ([Bulk Data IG, Status request](${SPEC}#bulk-data-status-request)).`,
  verifies: ['BULK-10'],
  level: 'SHOULD',
  async run(ctx) {
    // A quick server can finish before the first poll (or this process can be held up between the
    // two requests): up to three kick-offs, each polled at once, before saying so.
    let status
    for (let attempt = 1; ; attempt++) {
      const kick = await ctx.exchange('export-kickoff-in-progress', 'GET', '$export', KICKOFF)
      const location = kick.response?.headers['content-location']
      if (kick.response?.status !== 202 || !location) skip('the kick-off was not accepted (BE-01)')
      status = await ctx.exchange('export-status-in-progress', 'GET', location, { accept: 'application/json' })
      await ctx.exchange('export-in-progress-cancel', 'DELETE', location)
      if (status.response?.status !== 200) break
      if (attempt === 3) skip('the export had already finished at the first poll, three times')
    }
    expect(status.response?.status === 202, `expected 202 while the export runs, got ${status.response?.status ?? status.error}`)
    const after = status.response.headers['retry-after']
    expect(
      after !== undefined && (/^\d+$/.test(after) || !Number.isNaN(Date.parse(after))),
      `expected \`Retry-After\` (seconds or an HTTP date) on the 202, got ${after === undefined ? 'nothing' : `\`${after}\``}`,
    )
  },
}
