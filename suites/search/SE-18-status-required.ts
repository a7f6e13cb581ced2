import { expect, shown, type Check } from '../check.js'
import { STATUS_GUIDANCE, withEveryStatus } from '../../lib/us-core/status.js'
import { fixture, pageOf } from './shared.js'
import { isOutcome } from '../transactions/shared.js'

export const check: Check = {
  id: 'SE-18',
  title: 'A search refused for want of a status says so with an OperationOutcome, and answers once a status is given',
  description: `US Core lets a server require a status on searches of resources that have one: it SHALL then answer a search without it with 400 and an OperationOutcome, SHALL support the search with status values, and SHALL NOT restrict what that search returns beyond them ([US Core 6.1, Search for Servers Requiring Status](${STATUS_GUIDANCE})). \`Observation?patient=\` of the search fixture's first Patient either finds its Observation, or is refused so and then finds it when asked with every Observation status.`,
  verifies: ['USCORE-STATUS'],
  level: 'SHALL',
  needs: [
    { interaction: 'search-type', type: 'Observation' },
    { searchParam: 'patient', type: 'Observation' },
  ],
  writes: true,
  async run(ctx) {
    const ids = await fixture(ctx)
    const patient = ids.get('smith')
    const observation = ids.get('obs-hr')
    const query = `Observation?patient=${patient}`
    const plain = await ctx.exchange('se-status-plain', 'GET', query, { accept: 'application/fhir+json' })
    const status = plain.response?.status
    if (status === 200) {
      expect(pageOf(plain).ids.includes(`Observation/${observation}`), `expected \`${query}\` to find Observation/${observation}, got ${shown(pageOf(plain).ids)}`)
      return
    }
    expect(
      status === 400 && isOutcome(plain.response?.body),
      `expected \`${query}\` answered 200, or refused with 400 and an OperationOutcome where a status is required, got ${status ?? plain.error} ${shown(plain.response?.body.slice(0, 120) ?? null)}`,
    )
    const every = withEveryStatus(query)!
    const retried = await ctx.exchange('se-status-every', 'GET', every, { accept: 'application/fhir+json' })
    expect(
      retried.response?.status === 200,
      `expected 200 for \`${every}\`: a server that requires a status SHALL answer the search that names one, got ${retried.response?.status ?? retried.error}`,
    )
    expect(pageOf(retried).ids.includes(`Observation/${observation}`), `expected \`${every}\` to find Observation/${observation}, got ${shown(pageOf(retried).ids)}`)
  },
}
