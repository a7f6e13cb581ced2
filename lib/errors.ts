// Exit codes and the error classes that carry them. The CLI entry is the one boundary that turns
// any error into a single line and an exit code (STYLE.md 13); codes are documented in README.md.

export const ExitCode = {
  ok: 0,
  /** A verdict failed: a conformance check, a reconciliation, validation of a dataset. */
  verdictFailed: 1,
  /** Usage or input error: bad flags, malformed config, scenario, bundle or dataset. */
  usage: 2,
  /** The target could not be reached. */
  unreachable: 3,
  /** The run reached --max-duration: what finished is written, the rest marked as not run. */
  deadline: 4,
  /** Load thresholds were crossed (as k6 does). */
  thresholds: 99,
  /** load: interrupted, as k6 says it (k6's ExternalAbort). */
  loadInterrupted: 105,
  /** load: the k6 script does not build or its init failed (k6's ScriptException). */
  script: 107,
  /** Interrupted by SIGINT/SIGTERM before the run finished (128 + SIGINT). */
  interrupted: 130,
  /** Shoreline itself broke: a check crashed, or an unexpected error (sysexits EX_SOFTWARE). */
  internal: 70,
} as const
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]

/** Every exit code any command uses, in a few words (the --help epilogues and README's table say the same). */
export const EXIT_MEANINGS: Readonly<Record<number, string>> = {
  0: 'ok',
  1: 'a verdict failed',
  2: 'usage or input error',
  3: 'target unreachable or credentials refused',
  4: '--max-duration reached (partial results written)',
  70: 'internal error',
  99: 'thresholds crossed',
  104: 'invalid k6 options',
  105: 'interrupted (as k6)',
  107: 'script error',
  108: 'test.abort()',
  110: 'test.fail()',
  130: 'interrupted (Ctrl-C; partial results written)',
}

/** The exit-code line of a command's --help. */
export function exitCodesLine(codes: readonly number[]): string {
  return `Exit codes: ${codes.map((c) => `${c} ${EXIT_MEANINGS[c] ?? '?'}`).join(' · ')}`
}

export class ShorelineError extends Error {
  readonly exitCode: ExitCodeValue
  constructor(message: string, exitCode: ExitCodeValue) {
    super(message)
    this.name = new.target.name
    this.exitCode = exitCode
  }
}

/** Bad flags or arguments. */
export class UsageError extends ShorelineError {
  constructor(message: string) {
    super(message, ExitCode.usage)
  }
}

/** Bad input data; `where` names the file (and line) so the one-line message points at it. */
export class InputError extends ShorelineError {
  readonly where?: string
  constructor(message: string, where?: string) {
    super(where ? `${where}: ${message}` : message, ExitCode.usage)
    this.where = where
  }
}

export class TargetUnreachableError extends ShorelineError {
  constructor(message: string) {
    super(message, ExitCode.unreachable)
  }
}

/**
 * The target answered, but not with anything a FHIR client can use (not JSON, a redirect loop, too
 * large): the same exit code as a target that does not answer, with what came back.
 */
export class TargetReplyError extends TargetUnreachableError {}

/** The run was stopped from outside (Ctrl-C, SIGTERM) or by --max-duration; requests in flight were aborted. */
export class RunStoppedError extends ShorelineError {
  constructor(
    readonly why: 'interrupted' | 'deadline',
    message?: string,
  ) {
    super(message ?? (why === 'deadline' ? 'the run reached --max-duration' : 'the run was interrupted'), why === 'deadline' ? ExitCode.deadline : ExitCode.interrupted)
  }
}

/** A run that completed but whose verdict is negative (the caller still wrote its results). */
export class VerdictFailedError extends ShorelineError {
  constructor(message: string) {
    super(message, ExitCode.verdictFailed)
  }
}

/** The user stopped the run; whatever was staged has been removed. */
export class InterruptedError extends ShorelineError {
  constructor(message = 'interrupted; nothing was written') {
    super(message, ExitCode.interrupted)
  }
}

/** Node's system errors, said in words a user can act on. */
export function describeSystemError(err: unknown, path?: string): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  const at = path ? ` ${path}` : ''
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied:${at}`
    case 'ENOENT':
      return `no such file or folder:${at}`
    case 'ENOSPC':
      return `no space left on the device while writing${at}`
    case 'EROFS':
      return `read-only file system:${at}`
    case 'ENOTDIR':
      return `not a folder:${at}`
    case 'EISDIR':
      return `is a folder, expected a file:${at}`
    case 'EEXIST':
      // mkdir over a file: `--out` names a file where a folder is written.
      return `a file is in the way of a folder:${at}`
    default:
      return undefined
  }
}
