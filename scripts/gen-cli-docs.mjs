// Writes the `--help` text of every command into docs/cli/<command>.md below the marker line,
// keeping the hand-written part above it. test/cli/docs.test.ts fails when the two drift apart.
// Run after changing a command's options: node scripts/gen-cli-docs.mjs
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

export const MARKER = '<!-- generated from `shoreline <command> --help` by scripts/gen-cli-docs.mjs; edit above this line -->'
const commands = ['generate', 'validate', 'serve', 'seed', 'import', 'conform', 'load', 'report', 'demo']
for (const c of commands) {
  const help = execFileSync(process.execPath, ['bin/shoreline.js', c, '--help'], { encoding: 'utf8' })
  const file = `docs/cli/${c}.md`
  const head = existsSync(file) ? readFileSync(file, 'utf8').split(MARKER)[0].trimEnd() : `# shoreline ${c}`
  writeFileSync(file, `${head}\n\n${MARKER}\n\n\`\`\`text\n${help.trimEnd()}\n\`\`\`\n`)
}
console.log(`wrote docs/cli/{${commands.join(',')}}.md`)
