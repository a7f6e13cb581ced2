// What every command gets: where to print, and the global flags.
import { ExitCode } from '../lib/errors.js'
import { redactText } from '../lib/redact.js'

export interface GlobalFlags {
  debug: boolean
  quiet: boolean
  json: boolean
}

export interface CommandContext extends GlobalFlags {
  /** The raw argv, for the results model (redacted there). */
  argv: string[]
  /** Human output on stdout; silent under --json (the command prints its JSON instead). */
  say(line: string): void
  /** Diagnostics on stderr; silent under --quiet. */
  note(line: string): void
  /** Machine output under --json. */
  emitJson(value: unknown): void
  /** True when stderr is a terminal and progress may be drawn. */
  interactive: boolean
  /**
   * Aborted on Ctrl-C (SIGINT) or SIGTERM. Reading it is how a command takes over those signals
   * (to stop gracefully and still write its results); a command that never reads it is ended by
   * them as usual. The listeners go when the command returns.
   */
  readonly signal: AbortSignal
}

/** The context and what the CLI entry does when the command has returned. */
export interface ContextHandle {
  ctx: CommandContext
  dispose(): void
}

export function makeContext(flags: GlobalFlags, argv: string[]): ContextHandle {
  let controller: AbortController | undefined
  // The first signal asks the command to stop gracefully; a second one ends the process at once.
  const onSignal = () => {
    if (controller?.signal.aborted) process.exit(ExitCode.interrupted)
    controller?.abort()
  }
  const ctx: CommandContext = {
    ...flags,
    argv,
    say(line) {
      if (!flags.json) process.stdout.write(redactText(line) + '\n')
    },
    note(line) {
      if (!flags.quiet) process.stderr.write(redactText(line) + '\n')
    },
    emitJson(value) {
      if (flags.json) process.stdout.write(JSON.stringify(value, null, 2) + '\n')
    },
    interactive: Boolean(process.stderr.isTTY) && !flags.quiet && !flags.json,
    get signal() {
      if (!controller) {
        controller = new AbortController()
        process.on('SIGINT', onSignal)
        process.on('SIGTERM', onSignal)
      }
      return controller.signal
    },
  }
  return {
    ctx,
    dispose() {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    },
  }
}
