// The commands of a Markdown file's shell blocks, read as a shell would read them: fenced `sh`
// blocks (and the `run:` lines of `yaml` ones), `\` continuations joined, `# comments` dropped,
// `;` splitting a line, quotes and `$VAR`/`${VAR}` expanded, `VAR=value` prefixes, a trailing `&`,
// and a `>> FILE` redirect. Enough for the commands documentation shows, and it says so when a
// line uses anything else.

export interface DocCommand {
  /** Where it is written: file:line. */
  where: string
  /** The line as written (joined). */
  text: string
  /** The block was marked as run by a test of its own (`<!-- …: run by test/… -->`). */
  ranBy?: string
  /** A CI workflow's step (a `yaml` block): it runs in a fresh checkout, not after the others. */
  workflow?: boolean
}

export interface Parsed {
  env: Record<string, string>
  words: string[]
  background: boolean
  /** `>> FILE`: stdout appended to FILE. */
  appendTo?: string
}

export function docCommands(file: string, md: string): DocCommand[] {
  const out: DocCommand[] = []
  const lines = md.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(sh|bash|shell|yaml)\s*$/.exec(lines[i] ?? '')
    if (!open) continue
    const ranBy = /<!--.*run by (test\/[\w./-]+)/.exec(lines[i - 1] ?? '')?.[1]
    let j = i + 1
    const body: Array<[number, string]> = []
    while (j < lines.length && !/^```\s*$/.test(lines[j] ?? '')) body.push([j + 1, lines[j++] ?? ''])
    i = j
    if (open[1] === 'yaml') {
      for (const [n, l] of body) {
        const run = /^\s*(?:-\s+)?run:\s+(.+)$/.exec(l)?.[1]
        if (run) out.push({ where: `${file}:${n}`, text: run.trim(), ranBy, workflow: true })
      }
      continue
    }
    let text = ''
    let at = 0
    for (const [n, l] of body) {
      if (!text) at = n
      const cont = /\\\s*$/.test(l)
      text += (text ? ' ' : '') + l.replace(/\\\s*$/, '').trim()
      if (cont) continue
      for (const part of splitOutsideQuotes(stripComment(text), ';')) if (part.trim()) out.push({ where: `${file}:${at}`, text: part.trim(), ranBy })
      text = ''
    }
  }
  return out
}

function stripComment(line: string): string {
  let quote = ''
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quote) quote = c === quote ? '' : quote
    else if (c === '"' || c === "'") quote = c
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i).trimEnd()
  }
  return line
}

function splitOutsideQuotes(line: string, sep: string): string[] {
  const parts: string[] = []
  let quote = ''
  let cur = ''
  for (const c of line) {
    if (quote) quote = c === quote ? '' : quote
    else if (c === '"' || c === "'") quote = c
    else if (c === sep) {
      parts.push(cur)
      cur = ''
      continue
    }
    cur += c
  }
  return [...parts, cur]
}

/**
 * Words with quotes removed, variables expanded from `vars` (an unset one is an error: the test
 * must provide it) and `$(cat FILE)` replaced by the file's text, read by `readFile`.
 */
export function parseCommand(text: string, vars: Record<string, string>, readFile: (path: string) => string = () => ''): Parsed {
  text = text.replace(/\$\(cat ([\w./-]+)\)/g, (_m, f: string) =>
    readFile(f)
      .trim()
      .replace(/[\\"$`]/g, (c) => `\\${c}`),
  )
  const words: string[] = []
  let cur: string | undefined
  let quote = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quote === "'") {
      if (c === "'") quote = ''
      else cur += c
      continue
    }
    if (c === '$' && /[{A-Za-z_]/.test(text[i + 1] ?? '')) {
      const m = /^\$(?:\{(\w+)\}|(\w+))/.exec(text.slice(i))!
      const name = m[1] ?? m[2]!
      if (!(name in vars)) throw new Error(`$${name} is not set for: ${text}`)
      cur = (cur ?? '') + vars[name]
      i += m[0].length - 1
      continue
    }
    if (quote === '"') {
      if (c === '"') quote = ''
      else if (c === '\\' && /[\\"$`]/.test(text[i + 1] ?? '')) cur = (cur ?? '') + text[++i]!
      else cur += c
      continue
    }
    if (c === '"' || c === "'") {
      quote = c
      cur ??= ''
      continue
    }
    if (/\s/.test(c)) {
      if (cur !== undefined) words.push(cur)
      cur = undefined
      continue
    }
    if (/[|<`(]/.test(c)) throw new Error(`the README runner does not read ${JSON.stringify(c)} in: ${text}`)
    cur = (cur ?? '') + c
  }
  if (cur !== undefined) words.push(cur)
  const env: Record<string, string> = {}
  while (words.length && /^\w+=/.test(words[0]!)) {
    const w = words.shift()!
    env[w.slice(0, w.indexOf('='))] = w.slice(w.indexOf('=') + 1)
  }
  let background = false
  if (words.at(-1) === '&') {
    background = true
    words.pop()
  }
  let appendTo: string | undefined
  const r = words.indexOf('>>')
  if (r >= 0) {
    appendTo = words[r + 1]
    words.splice(r, 2)
  }
  return { env, words, background, appendTo }
}
