// What a seed run reports for a refused write: the OperationOutcome's issues, or the body as text,
// never the status twice (callers print `HTTP <status>: ` themselves).
import t from 'tap'
import { diagnostics } from '../../lib/seed/diagnostics.js'

const response = (text: string) => ({ text, json: <T>() => JSON.parse(text) as T })

t.test('SEED-DIAG-01: an OperationOutcome, a text body and an empty body, each said once', async (t) => {
  t.equal(diagnostics(response('{"resourceType":"OperationOutcome","issue":[{"code":"not-found","diagnostics":"Patient/x"}]}')), 'not-found: Patient/x')
  t.equal(diagnostics(response('<html>Not Found</html>')), '(not an OperationOutcome) <html>Not Found</html>')
  t.equal(diagnostics(response('')), '(an empty body)')
  t.notMatch(`HTTP 404: ${diagnostics(response('Not Found'))}`, /HTTP 404: HTTP 404/, 'no doubled prefix')
})
