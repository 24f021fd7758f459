/**
 * A self-contained API reference rendered from the OpenAPI document: no
 * scripts, nothing fetched from a CDN, so it works offline and in Lambda.
 */
type Doc = { info: { title: string; version: string; description?: string }; paths: Record<string, Record<string, Operation>> };
type Operation = { summary?: string; description?: string; tags?: string[]; security?: unknown[]; parameters?: Array<{ name: string; in: string; required?: boolean }>; requestBody?: { content?: Record<string, { schema?: unknown }> }; responses?: Record<string, { description?: string }> };

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function renderDocsPage(doc: Doc): string {
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const tags = [...new Set(ops.map((o) => o.op.tags?.[0] ?? 'other'))];
  const section = (tag: string) =>
    `<h2 id="${esc(tag)}">${esc(tag)}</h2>` +
    ops
      .filter((o) => (o.op.tags?.[0] ?? 'other') === tag)
      .map(({ path, method, op }) => {
        const params = (op.parameters ?? []).map((p) => `<code>${esc(p.name)}</code> (${esc(p.in)}${p.required ? ', required' : ''})`).join(', ');
        const body = op.requestBody?.content?.['application/json']?.schema;
        const responses = Object.entries(op.responses ?? {})
          .map(([status, r]) => `<li><code>${esc(status)}</code> ${esc(r.description ?? '')}</li>`)
          .join('');
        return `<section class="op"><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary ?? '')}${op.security?.length ? '' : ' <em>(public)</em>'}</p>${op.description ? `<p>${esc(op.description)}</p>` : ''}
${params ? `<p>Parameters: ${params}</p>` : ''}
${body ? `<details><summary>Request body schema</summary><pre>${esc(JSON.stringify(body, null, 2))}</pre></details>` : ''}
<ul>${responses}</ul></section>`;
      })
      .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)} — API reference</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1b1f24}code,pre{font:13px ui-monospace,monospace}
pre{background:#f4f5f7;padding:.75rem;overflow:auto}.op{border-top:1px solid #d8dce1;padding:.5rem 0}.m{display:inline-block;min-width:4.5em;font-weight:700}
.get{color:#0b6b3a}.post{color:#0b4f9c}.delete{color:#a1121e}nav a{margin-right:1rem}</style></head><body>
<h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>
<p>${esc(doc.info.description ?? '')}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Errors are <code>application/problem+json</code> (RFC 9457).</p>
<nav>${tags.map((t) => `<a href="#${esc(t)}">${esc(t)}</a>`).join('')}</nav>
${tags.map(section).join('\n')}
</body></html>`;
}
