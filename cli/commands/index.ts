// Every CLI command, registered from this one array (STYLE.md 14).
import type { CommandSpec } from '../command.js'
import { generateCommand } from './generate.js'
import { validateCommand } from './validate.js'
import { serveCommand } from './serve.js'
import { seedCommand } from './seed.js'
import { importCommand } from './import.js'
import { conformCommand } from './conform.js'
import { loadCommand } from './load.js'
import { reportCommand } from './report.js'
import { demoCommand } from './demo.js'

export const commands: ReadonlyArray<CommandSpec<never>> = [
  generateCommand as CommandSpec<never>,
  validateCommand as CommandSpec<never>,
  serveCommand as CommandSpec<never>,
  seedCommand as CommandSpec<never>,
  importCommand as CommandSpec<never>,
  conformCommand as CommandSpec<never>,
  loadCommand as CommandSpec<never>,
  reportCommand as CommandSpec<never>,
  demoCommand as CommandSpec<never>,
]
