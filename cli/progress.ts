// Progress on stderr: on a terminal a one-line bar (done/total, rate, ETA) redrawn at most every
// 100 ms and cleared when done; in a CI log (not a TTY) a plain line every few seconds, as k6 and
// kubectl do; nothing under --quiet or --json.

export type ProgressMode = 'bar' | 'lines' | 'off'

/** The mode for a command's context: a bar on a terminal, lines in a log, nothing when asked for quiet. */
export function progressMode(ctx: { interactive: boolean; quiet: boolean; json: boolean }): ProgressMode {
  return ctx.interactive ? 'bar' : ctx.quiet || ctx.json ? 'off' : 'lines'
}

/** Milliseconds between two plain progress lines. */
const LINE_EVERY_MS = 5000

export class ProgressBar {
  private last = 0
  private readonly started = performance.now()
  constructor(
    private readonly mode: ProgressMode | boolean,
    private readonly unit: string,
    /** The line's prefix in a log (the command). */
    private readonly label = '',
  ) {}

  update(done: number, total: number, extra = '') {
    const mode = this.mode === true ? 'bar' : this.mode === false ? 'off' : this.mode
    if (mode === 'off') return
    const now = performance.now()
    if (now - this.last < (mode === 'bar' ? 100 : LINE_EVERY_MS) && done < total) return
    if (mode === 'lines' && done >= total) return // the command's own closing line says it
    this.last = now
    const secs = (now - this.started) / 1000
    const rate = secs > 0 ? done / secs : 0
    const eta = rate > 0 ? (total - done) / rate : 0
    const stats = `${fmt(done)}/${fmt(total)} ${this.unit} · ${fmt(Math.round(rate))} ${this.unit}/s · ETA ${formatSeconds(eta)}${extra ? ' · ' + extra : ''}`
    if (mode === 'lines') {
      process.stderr.write(`${this.label ? `${this.label}: ` : ''}${Math.round((done / Math.max(total, 1)) * 100)} % · ${stats}\n`)
      return
    }
    const width = 24
    const filled = Math.round((done / Math.max(total, 1)) * width)
    process.stderr.write(`\r\x1b[2K${'█'.repeat(filled) + '░'.repeat(width - filled)} ${stats}`)
  }

  clear() {
    if (this.mode === true || this.mode === 'bar') process.stderr.write('\r\x1b[2K')
  }
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?'
  if (s < 60) return `${s.toFixed(0)}s`
  const m = Math.floor(s / 60)
  return `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s`
}

export const fmt = (n: number) => n.toLocaleString('en-US')
