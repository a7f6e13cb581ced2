import type { Argv } from 'yargs'
import type { CommandContext } from './context.js'

/** One CLI command: a thin handler that calls into the layer that owns the logic (STYLE.md 14). */
export interface CommandSpec<A = Record<string, unknown>> {
  /** yargs command string, e.g. `validate <path>` */
  command: string
  describe: string
  builder: (y: Argv) => Argv
  /** Returns the exit code. Throws ShorelineError for usage/input problems. */
  run: (args: A, ctx: CommandContext) => Promise<number>
  /**
   * Old flag spellings still accepted for one release, old → new (without dashes). The old flag is
   * hidden from --help, its value lands on the new flag before validation, and a one-line notice
   * says which to use.
   */
  renamedFlags?: Readonly<Record<string, string>>
  /** Commands under this one (`generate merge`), registered and run like top-level ones. */
  subcommands?: ReadonlyArray<CommandSpec<never>>
  /** The exit codes this command can end with (EXIT_MEANINGS), shown at the end of its --help. */
  exits: readonly number[]
}
