/** A console visitor over plain HTTP: one cookie jar, forms posted url-encoded, sign-in as a demo user. */
import { expect } from 'vitest';
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

  /** The hidden fields of the form posting to `action` on a page. */
  static hidden(html: string, action: string): Record<string, string> {
    const start = html.indexOf(`action="${action}"`);
    expect(start, `form ${action}`).toBeGreaterThan(-1);
    const form = html.slice(start, html.indexOf('</form>', start));
    return Object.fromEntries([...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  }
}
