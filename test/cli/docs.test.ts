// docs/cli/<command>.md carries each command's --help text verbatim (scripts/gen-cli-docs.mjs
// writes it); a changed option without regenerated docs fails here.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { cli, cliTable } from '../helpers.js'

const MARKER = '<!-- generated from `shoreline <command> --help` by scripts/gen-cli-docs.mjs; edit above this line -->'

/** Every command's --help (and the top one), asked in one process for both tests: each start of the CLI costs a second of CPU. */
let helps: Map<string, string> | undefined
const help = (command: string) => {
  if (!helps) {
    const names = ['', 'generate', 'validate', 'serve', 'seed', 'import', 'conform', 'load', 'report', 'demo']
    const runs = cliTable(
      names.map((n) => (n ? [n, '--help'] : ['--help'])),
      t.testdir({}),
    )
    helps = new Map(names.map((n, i) => [n, runs[i]!.stdout]))
  }
  const text = helps.get(command)
  // A command the top help lists and the list above lacks: asked on its own.
  return text ?? cli([command, '--help']).stdout
}

t.test('DOCS-01: every command has docs/cli/<command>.md whose help block is the current --help', async (t) => {
  const top = help('')
  const commands = [...top.matchAll(/^ {2}shoreline (\w+)/gm)].map((m) => m[1])
  t.ok(commands.length >= 9, `commands: ${commands.join(', ')}`)
  for (const c of commands) {
    const doc = readFileSync(new URL(`../../docs/cli/${c}.md`, import.meta.url), 'utf8')
    const [intro, generated] = doc.split(MARKER)
    t.ok((intro ?? '').trim().length > 40, `${c}: a hand-written introduction`)
    t.equal(generated?.trim(), `\`\`\`text\n${help(c ?? '').trimEnd()}\n\`\`\``, `${c}: docs match --help (regenerate with node scripts/gen-cli-docs.mjs)`)
  }
})

t.test('DOCS-02: every command says its exit codes at the end of --help, and README.md explains each of them', async (t) => {
  const { commands: entries } = await import('../../cli/commands/index.js')
  const commands = await Promise.all(entries.map((c) => c.load()))
  const { EXIT_MEANINGS } = await import('../../lib/errors.js')
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const table = readme.slice(readme.indexOf('## Exit codes'), readme.indexOf('\n## ', readme.indexOf('## Exit codes') + 5))
  const explained = new Set([...table.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1])))
  // load's k6 codes are explained in the 99 row.
  for (const m of /^\| 99 \|.*$/m.exec(table)?.[0].matchAll(/\b(1\d\d)\b/g) ?? []) explained.add(Number(m[1]))
  for (const spec of commands) {
    const name = spec.command.split(' ')[0]!
    const text = help(name).replace(/\s+/g, ' ')
    t.ok(spec.exits.length >= 3, `${name}: exits ${spec.exits.join(', ')}`)
    for (const code of spec.exits) {
      t.ok(EXIT_MEANINGS[code], `${name}: ${code} has a meaning`)
      t.ok(text.includes(`${code} ${EXIT_MEANINGS[code]}`), `${name} --help: ${code} ${EXIT_MEANINGS[code]}`)
      t.ok(explained.has(code), `README explains exit ${code}`)
    }
  }
})
