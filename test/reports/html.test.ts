// The HTML report escapes whatever results hold: a hostile server's response body, a check message
// or a URL cannot become markup in the page.
import t from 'tap'
import { html, trusted } from '../../lib/html.js'
import { toHtml } from '../../reports/html.js'
import type { Results } from '../../lib/results/model.js'

t.test('REPORT-HTML-01: html`` escapes every interpolated value unless it is itself html', async (t) => {
  const evil = `<img src=x onerror="alert(1)">'&`
  t.equal(
    html`<p title="${evil}">${evil}</p>`.text,
    '<p title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;</p>',
  )
  t.equal(html`<ul>${['<a>', html`<li>ok</li>`]}</ul>`.text, '<ul>&lt;a&gt;<li>ok</li></ul>', 'arrays render item by item')
  t.equal(html`<p>${undefined}${null}${false}${0}</p>`.text, '<p>0</p>', 'nothing for undefined, null and false; 0 is a value')
  t.equal(html`${trusted('<b>x</b>')}`.text, '<b>x</b>')
})

t.test('REPORT-HTML-02: a hostile target cannot inject markup through results', async (t) => {
  const evil = '</pre><script>alert(document.cookie)</script>'
  const results: Results = {
    schemaVersion: '1.0',
    kind: 'conformance',
    tool: { name: 'shoreline', version: '0.1.0' },
    run: { id: 'r', startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:01Z', durationMs: 1000, argv: [] },
    target: { url: `http://127.0.0.1/"><script>x</script>`, profile: 'generic' },
    verdict: 'fail',
    summary: { checks: 1 },
    checks: [
      {
        id: 'SD-01',
        title: `<b onmouseover="x">title</b>`,
        suite: 'smart-discovery',
        level: 'SHALL',
        outcome: 'fail',
        message: evil,
        requirements: ['SMART-WK-1'],
        deviation: { reason: 'r', reference: `https://x.test/" onclick="alert(1)` },
        durationMs: 1,
        exchanges: [{ name: 'e', request: { method: 'GET', url: '/.well-known/smart-configuration' }, response: { status: 200, body: evil } }],
      },
    ],
  }
  const page = await toHtml([results])
  t.notMatch(page, /<script>/, 'no script element from the data')
  t.notMatch(page, /<b onmouseover/, 'no element from a title')
  t.notMatch(page, /" onclick=/, 'no attribute breaks out of href')
  t.match(page, /&lt;\/pre&gt;&lt;script&gt;alert\(document\.cookie\)&lt;\/script&gt;/, 'the body is shown as text')
  t.match(page, /Content-Security-Policy" content="default-src 'none'/, 'and the page allows no script anyway')
})
