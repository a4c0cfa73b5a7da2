import type { ReadableStreamReadResult } from 'node:stream/web';
import { hiddenFields } from './forms';

/** The hidden _csrf value of the first form on a page. */
function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) {
    throw new Error('No _csrf field on the page');
  }
  return match[1];
}

/**
 * A browser-like session over real HTTP (fetch) against an app listening on a port: it keeps cookies,
 * never follows redirects (a 303 is the acknowledgement of a saved form) and posts forms as a browser
 * would. For app processes (reliability tests) and for reading a response byte by byte.
 */
export class WebSession {
  private readonly cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 60_000,
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await fetch(new URL(path, this.baseUrl), {
      ...init,
      headers,
      redirect: 'manual',
      signal: init.signal ?? AbortSignal.timeout(this.timeoutMs),
    });
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0];
      const equals = pair.indexOf('=');
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      if (value === '') {
        this.cookies.delete(name);
      } else {
        this.cookies.set(name, value);
      }
    }
    return response;
  }

  /** The HTML of a page that must answer 200. */
  async page(path: string): Promise<string> {
    const response = await this.request(path);
    const text = await response.text();
    if (response.status !== 200) {
      throw new Error(`GET ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    }
    return text;
  }

  async postForm(path: string, fields: Record<string, string>): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  async signIn(username: string, password: string): Promise<void> {
    const form = await this.page('/sign-in');
    const response = await this.postForm('/sign-in', { username, password, _csrf: csrfOf(form) });
    await response.arrayBuffer();
    if (response.status !== 303) {
      throw new Error(`Signing in as ${username} answered ${response.status}`);
    }
  }

  /** Opens a form page and posts it with its hidden fields and the given ones. */
  async submit(formPath: string, postPath: string, fields: Record<string, string>): Promise<Response> {
    const page = await this.page(formPath);
    const hidden = formPath.startsWith('/findings/') ? hiddenFields(page) : { _csrf: csrfOf(page) };
    return this.postForm(postPath, { ...hidden, ...fields });
  }

  /**
   * Adds evidence through the evidence form: multipart, with the form's hidden fields (its CSRF token
   * also in the x-csrf-token header, which the guard checks before the body is read).
   */
  async uploadEvidence(
    reference: string,
    fields: Record<string, string>,
    file?: { content: Buffer; name: string; type?: string },
  ): Promise<Response> {
    const hidden = hiddenFields(await this.page(`/findings/${reference}/evidence/new`));
    const body = new FormData();
    for (const [name, value] of Object.entries({ ...hidden, ...fields })) {
      body.append(name, value);
    }
    if (file) {
      body.append('file', new Blob([file.content], { type: file.type ?? 'application/octet-stream' }), file.name);
    }
    return this.request(`/findings/${reference}/evidence`, {
      method: 'POST',
      headers: { 'x-csrf-token': hidden._csrf },
      body,
    });
  }

  /**
   * Downloads a file, keeping every byte that arrives even if the response is cut short: complete is
   * false when the connection ended before the body did.
   */
  async download(path: string): Promise<{ response: Response; received: Buffer; complete: boolean }> {
    const response = await this.request(path);
    const chunks: Uint8Array[] = [];
    let complete = true;
    if (response.body) {
      const reader = response.body.getReader();
      try {
        for (;;) {
          const { done, value } = (await reader.read()) as ReadableStreamReadResult<Uint8Array>;
          if (done) {
            break;
          }
          chunks.push(value);
        }
      } catch {
        complete = false;
      }
    }
    return { response, received: Buffer.concat(chunks), complete };
  }
}
