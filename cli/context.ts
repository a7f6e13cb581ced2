// What every command gets: where to print, and the global flags.
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
}

export function makeContext(flags: GlobalFlags, argv: string[]): CommandContext {
  return {
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
  }
}
