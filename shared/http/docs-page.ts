/**
 * A self-contained API reference rendered from the OpenAPI document: no
 * scripts, nothing fetched from a CDN, so it works offline and in Lambda.
 */
import { html } from '../kernel/html.ts';

type Doc = { info: { title: string; version: string; description?: string }; paths: Record<string, Record<string, Operation>> };
type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string }>;
};

export function renderDocsPage(doc: Doc): string {
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const tags = [...new Set(ops.map((o) => o.op.tags?.[0] ?? 'other'))];
  const section = (tag: string) =>
    html`<h2 id="${tag}">${tag}</h2>${ops
      .filter((o) => (o.op.tags?.[0] ?? 'other') === tag)
      .map(({ path, method, op }) => {
        const params = (op.parameters ?? [])
          .map((p) => html`<code>${p.name}</code> (${p.in}${p.required ? ', required' : ''})`)
          .flatMap((p, i) => (i ? [', ', p] : [p]));
        const body = op.requestBody?.content?.['application/json']?.schema;
        const responses = Object.entries(op.responses ?? {}).map(([status, r]) => html`<li><code>${status}</code> ${r.description ?? ''}</li>`);
        return html`<section class="op"><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${path}</code></h3>
<p>${op.summary ?? ''}${op.security?.length ? '' : html` <em>(public)</em>`}</p>${op.description ? html`<p>${op.description}</p>` : ''}
${params.length ? html`<p>Parameters: ${params}</p>` : ''}
${body ? html`<details><summary>Request body schema</summary><pre>${JSON.stringify(body, null, 2)}</pre></details>` : ''}
<ul>${responses}</ul></section>`;
      })}`;
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${doc.info.title} — API reference</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1b1f24}code,pre{font:13px ui-monospace,monospace}
pre{background:#f4f5f7;padding:.75rem;overflow:auto}.op{border-top:1px solid #d8dce1;padding:.5rem 0}.m{display:inline-block;min-width:4.5em;font-weight:700}
.get{color:#0b6b3a}.post{color:#0b4f9c}.delete{color:#a1121e}nav a{margin-right:1rem}</style></head><body>
<h1>${doc.info.title} <small>${doc.info.version}</small></h1>
<p>${doc.info.description ?? ''}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Errors are <code>application/problem+json</code> (RFC 9457).</p>
<nav>${tags.map((t) => html`<a href="#${t}">${t}</a>`)}</nav>
${tags.map(section)}
</body></html>`.toString();
}
