// HTML that escapes by default, for the reports, the reference server's sign-in pages and the
// browser's POST form: every value interpolated into an html`…` template is escaped for text and
// double-quoted attributes unless it is itself an Html fragment (made by html`…` or, for fixed
// markup, trusted()). Arrays join their items, each rendered the same way; undefined, null and
// false render as nothing. A renderer never places an escape by hand.

export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
}

function render(value: unknown): string {
  if (value instanceof Html) return value.text
  if (Array.isArray(value)) return value.map(render).join('')
  if (value === undefined || value === null || value === false) return ''
  return escapeHtml(String(value))
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? ''
  values.forEach((v, i) => (out += render(v) + (strings[i + 1] ?? '')))
  return new Html(out)
}

/** Markup the renderer itself wrote as a constant (the page's CSS): never data from results. */
export function trusted(markup: string): Html {
  return new Html(markup)
}
