/** A console visitor over plain HTTP: one cookie jar, forms posted url-encoded, sign-in as a demo user. */
import { expect } from 'vitest';
import type { Lang } from '../../shared/kernel/labels.ts';
import type { TestPlatform } from './platform.ts';

/** A browser's worth of state: one cookie jar, forms posted url-encoded. */
export class Visitor {
  private cookies = new Map<string, string>();
  constructor(private readonly tp: TestPlatform) {}

  async request(method: string, path: string, form?: Record<string, string>, headers: Record<string, string> = {}, multipart?: FormData) {
    const res = await this.tp.app.request(`http://console.test${path}`, {
      method,
      headers: {
        ...headers,
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: multipart ?? (form ? new URLSearchParams(form).toString() : undefined),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=');
      if (value) this.cookies.set(name!, value);
      else this.cookies.delete(name!);
    }
    return { status: res.status, location: res.headers.get('location'), headers: res.headers, html: await res.text() };
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, form: Record<string, string>, headers?: Record<string, string>) => this.request('POST', path, form, headers);

  async signIn(tenant: string, sub: string) {
    const res = await this.post('/console/login', { tenant, sub }, { origin: 'http://console.test' });
    expect(res.status).toBe(303);
    return res;
  }

  /** Opens `page`, then posts the form there that goes to `action` with its hidden fields (CSRF, keys) and `fields`: what a person filling it in sends. */
  async submit(page: string, action: string, fields: Record<string, string>) {
    const html = (await this.get(page)).html;
    return this.post(action, { ...Visitor.hidden(html, action), ...fields });
  }

  /** The hidden fields of the form posting to `action` on a page. */
  static hidden(html: string, action: string): Record<string, string> {
    const start = html.indexOf(`action="${action}"`);
    expect(start, `form ${action}`).toBeGreaterThan(-1);
    const form = html.slice(start, html.indexOf('</form>', start));
    return Object.fromEntries([...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  }
}

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The text a person sees, one string per text node, without what people typed. */
export function textNodes(html: string): string[] {
  const body = html
    .replace(/<head[\s\S]*?<\/head>/gi, ' ')
    // What people typed (bdi, textarea) and what a person is to type as it stands (kbd: a placeholder) are not codes to translate.
    .replace(/<(script|style|bdi|textarea|kbd)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<option[^>]*value="[^"]*"[^>]*>/gi, '<option>');
  return body
    .split(/<[^>]+>/)
    .map((s) => decode(s).replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

const ULID = /\b[0-9A-HJKMNP-TV-Z]{26}\b/;
const JSON_FRAGMENT = /[{[]\s*"[^"]*"\s*:/;
const SNAKE = /\b[a-z][a-z0-9]*_[a-z0-9_]+\b/;
/** A field name (`idNumber`) where its title belongs. */
const CAMEL = /\b[a-z]+[A-Z][A-Za-z]*\b/;
const LATIN_TOKEN = /(?<![\w@./:#-])[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?![\w@/:-])/g;

/** What on a page reads as a code rather than a word. */
export function unlabelled(nodes: string[], codes: Set<string>, lang: Lang): string[] {
  const found: string[] = [];
  for (const node of nodes) {
    for (const rx of [ULID, JSON_FRAGMENT, SNAKE, CAMEL]) {
      const m = rx.exec(node);
      if (m) found.push(m[0]);
    }
    // A part of a node standing alone (a cell, an option, `type · id`) that is a code. English prose has
    // commas and slashes of its own ("Not fixed, reopen"), so there only the console's separators split.
    const parts = node.split(lang === 'zh' ? /\s*[·,，、:：()（）|—/]\s*/ : /\s*[·、:：()（）|—]\s*/);
    for (const part of parts) if (codes.has(part)) found.push(part);
    for (const tok of node.match(LATIN_TOKEN) ?? []) {
      // In Chinese any Latin code is one; in English only a compound code (`no-show`) cannot be a word of the sentence.
      if (codes.has(tok) && (lang === 'zh' || tok.includes('-'))) found.push(tok);
    }
  }
  return [...new Set(found)];
}
