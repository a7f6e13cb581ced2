// docs/cli/<command>.md carries each command's --help text verbatim (scripts/gen-cli-docs.mjs
// writes it); a changed option without regenerated docs fails here.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { cli } from '../helpers.js'

const MARKER = '<!-- generated from `shoreline <command> --help` by scripts/gen-cli-docs.mjs; edit above this line -->'

t.test('DOCS-01: every command has docs/cli/<command>.md whose help block is the current --help', async (t) => {
  const top = cli(['--help']).stdout
  const commands = [...top.matchAll(/^ {2}shoreline (\w+)/gm)].map((m) => m[1])
  t.ok(commands.length >= 9, `commands: ${commands.join(', ')}`)
  for (const c of commands) {
    const doc = readFileSync(new URL(`../../docs/cli/${c}.md`, import.meta.url), 'utf8')
    const [intro, generated] = doc.split(MARKER)
    t.ok((intro ?? '').trim().length > 40, `${c}: a hand-written introduction`)
    t.equal(generated?.trim(), `\`\`\`text\n${cli([c ?? '', '--help']).stdout.trimEnd()}\n\`\`\``, `${c}: docs match --help (regenerate with node scripts/gen-cli-docs.mjs)`)
  }
})
