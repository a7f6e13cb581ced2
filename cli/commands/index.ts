// Every CLI command, registered from this one array (STYLE.md 14). Each is loaded when it runs:
// `shoreline generate` never loads the server, the engine or the AWS SDK (start-up time and
// memory), and `--help` loads them all to list them.
import type { CommandSpec } from '../command.js'

export interface CommandEntry {
  name: string
  load(): Promise<CommandSpec<never>>
}

const spec = (s: unknown) => s as CommandSpec<never>

export const commands: readonly CommandEntry[] = [
  { name: 'generate', load: async () => spec((await import('./generate.js')).generateCommand) },
  { name: 'validate', load: async () => spec((await import('./validate.js')).validateCommand) },
  { name: 'serve', load: async () => spec((await import('./serve.js')).serveCommand) },
  { name: 'seed', load: async () => spec((await import('./seed.js')).seedCommand) },
  { name: 'import', load: async () => spec((await import('./import.js')).importCommand) },
  { name: 'conform', load: async () => spec((await import('./conform.js')).conformCommand) },
  { name: 'load', load: async () => spec((await import('./load.js')).loadCommand) },
  { name: 'report', load: async () => spec((await import('./report.js')).reportCommand) },
  { name: 'demo', load: async () => spec((await import('./demo.js')).demoCommand) },
]

/** The specs a run needs: only the command named first on the line, or every one (help, a typo). */
export async function loadCommands(argv: readonly string[]): Promise<Array<CommandSpec<never>>> {
  const first = argv.find((a) => !a.startsWith('-'))
  if (first === undefined && argv.includes('--version')) return []
  const named = commands.find((c) => c.name === first)
  if (named && !argv.includes('--help') && !argv.includes('-h')) return [await named.load()]
  return Promise.all(commands.map((c) => c.load()))
}
