import { parseBody } from '../expect.js'
import { expect, shown, type Check } from '../check.js'
import { GUIDE, HL, inspected, listed } from './shared.js'

type Linkage = { item?: Array<{ type?: string; resource?: { reference?: string } }>; meta?: { tag?: Array<{ display?: string }> } }

export const check: Check = {
  id: 'NLP-03',
  title: 'What integrated NLP generates is readable, tagged SYSTEM_GENERATED, and tied to the note by a Linkage',
  description: `The note's \`${HL}/system-generated-resources/\` extension lists a Linkage (\`${HL}/linkage\`) and each generated resource (\`${HL}/nlp-entity\`); the Linkage has the note as its \`source\` item and every listed resource as an \`alternate\` item, and each can be read and carries \`meta.tag\` SYSTEM_GENERATED ([Integrated NLP for HealthLake](${GUIDE}/med-example.html)).`,
  verifies: ['HL-NLP-3'],
  level: 'SHALL',
  async run(ctx) {
    const { id, doc } = await inspected(ctx)
    const entities = listed(doc, `${HL}/nlp-entity`)
    expect(entities.length > 0, `expected the note's conditions to be listed as \`${HL}/nlp-entity\` references, got none`)
    const [linkage] = listed(doc, `${HL}/linkage`)
    expect(linkage, `expected a \`${HL}/linkage\` reference in the note's system-generated-resources extension, got none`)
    const read = await ctx.exchange('nlp-linkage', 'GET', linkage, { accept: 'application/fhir+json' })
    expect(read.response?.status === 200, `expected HTTP 200 reading ${linkage}, got ${read.response?.status ?? read.error}`)
    const l = parseBody<Linkage>(read.response.body, linkage)
    const source = (l.item ?? []).filter((i) => i.type === 'source').map((i) => i.resource?.reference)
    expect(source.includes(`DocumentReference/${id}`), `expected ${linkage}'s \`source\` item to be DocumentReference/${id}, got ${shown(source)}`)
    const alternates = new Set((l.item ?? []).filter((i) => i.type === 'alternate').map((i) => i.resource?.reference))
    const missing = entities.filter((r) => !alternates.has(r))
    expect(missing.length === 0, `expected ${linkage} to hold every listed resource as an \`alternate\` item, missing ${shown(missing)}`)
    for (const [i, ref] of [linkage, ...entities].entries()) {
      const r = i === 0 ? read : await ctx.exchange(`nlp-generated-${i}`, 'GET', ref, { accept: 'application/fhir+json' })
      expect(r.response?.status === 200, `expected HTTP 200 reading ${ref}, got ${r.response?.status ?? r.error}`)
      const tags = parseBody<Linkage>(r.response.body, ref).meta?.tag ?? []
      expect(
        tags.some((t) => t.display === 'SYSTEM_GENERATED'),
        `expected ${ref} to carry \`meta.tag\` SYSTEM_GENERATED, got ${shown(tags)}`,
      )
    }
  },
}
