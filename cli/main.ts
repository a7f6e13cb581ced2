// The `shoreline` command. This file is the one error boundary of the CLI (STYLE.md 13): whatever
// a command throws becomes one line on stderr and a documented exit code; a stack only with --debug.
import yargs, { type Argv } from 'yargs'
import { loadCommands } from './commands/index.js'
import type { CommandSpec } from './command.js'
import { makeContext } from './context.js'
import { EXIT_MEANINGS, ExitCode, ShorelineError, UsageError, describeSystemError, exitCodesLine } from '../lib/errors.js'
import { redactText } from '../lib/redact.js'
import { toolVersion } from '../lib/version.js'

// The AWS SDK warns on Node 20 that its releases after January 2027 need Node 22, in nine lines on
// every run that touches S3 or HealthLake. The lockfile pins SDK versions that run on Node 20;
// the README says so. The user can still turn the warning on by setting the variable to false.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

/** `--help`/`-h` anywhere, or no command at all (yargs answers with the usage). */
function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h') || !argv.some((a) => !a.startsWith('-'))
}

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug')
  let code: number = ExitCode.ok
  try {
    let ran = false
    // A lone `-` after an option is its value (`--markdown -`: stdout); yargs-parser reads it as a
    // flag of its own and leaves the option empty, so it is joined to the option first.
    let parser = yargs(joinDashValues(argv))
      .scriptName('shoreline')
      .usage('$0 <command> [options]\n\nConformance and load testing for FHIR R4 datastores (HealthLake-shaped).')
      .option('debug', { type: 'boolean', default: false, describe: 'Print stack traces and internal detail on errors', global: true })
      .option('quiet', { type: 'boolean', default: false, describe: 'Print nothing but errors and results', global: true })
      .option('json', { type: 'boolean', default: false, describe: 'Print the command result as JSON on stdout', global: true })
      .strict()
      .demandCommand(1, 'name a command; see `shoreline --help`')
      .recommendCommands()
      .version(toolVersion())
      .help()
      .alias('h', 'help')
      // yargs lays out the whole help text before every command it runs, to have it at hand; unwrapped,
      // that text (thrown away unless asked for) costs less. Help that is asked for is wrapped.
      .wrap(wantsHelp(argv) ? Math.min(110, process.stdout.columns || 100) : null)
      .exitProcess(false)
      .epilogue(exitCodesLine(Object.keys(EXIT_MEANINGS).map(Number)))
      .fail((msg, err) => {
        // yargs writes some messages over several lines (choices); a user gets one.
        throw (
          err ??
          new UsageError(
            String(msg)
              .replace(/\s*\n\s*/g, ' ')
              .replace(
                /^Missing required arguments?: (.+)$/,
                (_m, names: string) =>
                  `${names
                    .split(', ')
                    .map((n) => `--${n}`)
                    .join(' and ')} is required`,
              )
              .trim(),
          )
        )
      })
    const register = (y: Argv, spec: CommandSpec<never>): Argv => {
      const builder = (b: Argv) => {
        // `generate merge …` runs the subcommand alone: the parent's options are not its options.
        const name = spec.command.split(' ')[0] ?? ''
        const next = argv[argv.indexOf(name) + 1]
        const sub = (spec.subcommands ?? []).find((c) => c.command.split(' ')[0] === next)
        if (sub) return register(b, sub)
        let inner = onceOnly(withRenamedFlags(spec.builder(b), spec.renamedFlags ?? {})).epilogue(exitCodesLine(spec.exits))
        for (const c of spec.subcommands ?? []) inner = register(inner, c)
        return inner
      }
      return y.command(spec.command, spec.describe, builder, async (args) => {
        ran = true
        const { ctx, dispose } = makeContext({ debug: Boolean(args.debug), quiet: Boolean(args.quiet), json: Boolean(args.json) }, argv)
        try {
          for (const [old, now] of Object.entries(spec.renamedFlags ?? {})) {
            if (args[old] !== undefined) ctx.note(`shoreline: --${old} is deprecated on ${spec.command.split(' ')[0]}; use --${now} (the old spelling goes in the next release)`)
          }
          code = await spec.run(args as never, ctx)
        } finally {
          dispose()
        }
      })
    }
    for (const spec of await loadCommands(argv)) parser = register(parser as Argv, spec) as typeof parser
    if (!wantsHelp(argv)) skipHelpCache(parser)
    await parser.parseAsync()
    if (!ran && !argv.some((a) => a === '--help' || a === '-h' || a === '--version')) {
      throw new UsageError('name a command; see `shoreline --help`')
    }
  } catch (err) {
    code = report(err, debug)
  }
  return code
}

/**
 * yargs lays out a command's whole help text as the command starts, to show it should the command
 * later fail; ours never does (a failure here is one line, `fail` above), so the layout (about 90 ms
 * of CPU in every run, cliui measuring each cell) is skipped unless help was asked for. Through
 * yargs' internal methods, as its own plugins reach them; without them, yargs caches as before.
 */
function skipHelpCache(parser: object) {
  const internals = parser as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } }
  const usage = internals.getInternalMethods?.().getUsageInstance?.()
  if (usage?.cacheHelpMessage) usage.cacheHelpMessage = () => undefined
}

/**
 * A single-valued option given twice (`--out a --out b`) is a usage error naming it; yargs would
 * otherwise hand the command an array where it expects one value.
 */
function onceOnly(y: Argv): Argv {
  return y.middleware((args) => {
    // Read when the command runs: variadic positionals (`merge <sources..>`) are arrays by then.
    const arrays = new Set((y as unknown as { getOptions(): { array: string[] } }).getOptions().array)
    for (const [key, value] of Object.entries(args)) {
      if (key === '_' || key === '$0' || !Array.isArray(value) || arrays.has(key) || /[A-Z]/.test(key)) continue
      throw new UsageError(`--${key} was given ${value.length} times (${value.map((v) => JSON.stringify(v)).join(', ')}); give it once`)
    }
  }, true)
}

/** Old spellings: hidden options whose value moves to the new flag before yargs validates it. */
function withRenamedFlags(y: Argv, renamed: Readonly<Record<string, string>>): Argv {
  const entries = Object.entries(renamed)
  if (!entries.length) return y
  for (const [old] of entries) y = y.option(old, { type: 'string', hidden: true })
  return y.middleware((args) => {
    for (const [old, now] of entries) {
      const value = args[old]
      if (value === undefined) continue
      args[now] = value
      args[now.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())] = value
    }
  }, true)
}

function report(err: unknown, debug: boolean): number {
  if (err instanceof ShorelineError) {
    process.stderr.write(`shoreline: error: ${redactText(err.message)}\n`)
    if (debug && err.stack) process.stderr.write(redactText(err.stack) + '\n')
    return err.exitCode
  }
  const system = describeSystemError(err, (err as NodeJS.ErrnoException)?.path)
  if (system) {
    process.stderr.write(`shoreline: error: ${system}\n`)
    if (debug && err instanceof Error) process.stderr.write(redactText(err.stack ?? '') + '\n')
    return ExitCode.usage
  }
  const message = err instanceof Error ? err.message : String(err)
  process.stderr.write(`shoreline: internal error: ${redactText(message)}${debug ? '' : ' (run with --debug for details)'}\n`)
  if (debug && err instanceof Error) process.stderr.write(redactText(err.stack ?? '') + '\n')
  return ExitCode.internal
}

/**
 * `--opt -` → `--opt=-`, and `--opt -5s` → `--opt=-5s`: a value that starts with a dash is the
 * option's (then refused by its own check, naming the flag), not flags of its own.
 */
export function joinDashValues(argv: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? ''
    const next = argv[i + 1] ?? ''
    if ((next === '-' || /^-\.?\d/.test(next)) && /^--[a-z][\w-]*$/.test(a)) {
      out.push(`${a}=${next}`)
      i++
    } else out.push(a)
  }
  return out
}
