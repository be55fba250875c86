/** Check a draft through the web app: pasted text, uploaded .eml and MeMo, and the one-click fix. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, webFixture, type Client, type WebFixture } from './support.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/messages');

/** Decode the few entities `html` writes, to read a hidden field back as the browser would. */
function unescape(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

// The draft check is stateless (no store writes), so one dialect is enough.
describe('check a draft', () => {
  let f: WebFixture;
  let cw: Client;

  beforeAll(async () => {
    f = await webFixture('sqlite');
    cw = await signedIn(f.app, 'cw-job');
  });

  afterAll(async () => f?.close());

  async function upload(filename: string, content: Buffer) {
    await cw.get('/check');
    const boundary = '----postvakt-test-boundary';
    const part = (headers: string, body: Buffer | string) => Buffer.concat([Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), Buffer.from(body), Buffer.from('\r\n')]);
    const payload = Buffer.concat([
      part('Content-Disposition: form-data; name="_csrf"', cw.csrf),
      part('Content-Disposition: form-data; name="text"', ''),
      part(`Content-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream`, content),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    return f.app.inject({
      method: 'POST',
      url: '/check',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      cookies: Object.fromEntries(cw.cookies),
    });
  }

  it('marks findings in pasted text and applies a one-click fix', async () => {
    await cw.get('/check');
    const first = await cw.post('/check', { subject: 'Svar om din ansøgning', text: 'Hej.\n\nDu skal svare senest den 28. december 2026.\n\nMed venlig hilsen\nEn sagsbehandler' });
    expect(first.statusCode).toBe(200);
    expect(first.body).toMatch(/<mark>[^<]*28\. december 2026[^<]*<\/mark><sup><a href="#finding-\d+">\d+<\/a><\/sup>/);
    expect(first.body).toContain('Punkt BK-5');
    const fix = /name="fix" value="([^"]+)"/.exec(first.body);
    expect(fix).not.toBeNull();
    const form = Object.fromEntries(
      [...first.body.slice(first.body.lastIndexOf('<form method="post" action="/check/fix"', fix!.index)).matchAll(/name="(subject|text)" value="([^"]*)"/g)]
        .slice(0, 2)
        .map((m) => [m[1]!, unescape(m[2]!)]),
    );
    const fixed = await cw.post('/check/fix', { ...form, fix: unescape(fix![1]!) });
    expect(fixed.statusCode).toBe(200);
    expect(fixed.body).toContain('Du skal svare senest den 2026-12-28.');
    expect(fixed.body).not.toContain('28. december 2026');
  });

  it('refuses an empty draft and ignores a fix that does not fit the text', async () => {
    await cw.get('/check');
    const empty = await cw.post('/check', { subject: '', text: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Indsæt en tekst, eller vælg en fil.');
    const odd = await cw.post('/check/fix', { subject: 'Emne', text: 'kort', fix: JSON.stringify({ where: 'body', start: 2, end: 99, text: 'x' }) });
    expect(odd.statusCode).toBe(200);
    expect(odd.body).toContain('>\nkort</textarea>');
  });

  it('checks an uploaded .eml file', async () => {
    const res = await upload('brev.eml', readFileSync(join(FIXTURES, '01-plain-utf8-da.eml')));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h2 id="result">');
  });

  it('refuses a MeMo file it cannot read with the reason, and never resolves its entities', async () => {
    const xxe = Buffer.from('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1">&x;</memo:Message>');
    const res = await upload('brev.xml', xxe);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Filen kunne ikke læses:');
    expect(res.body).not.toContain('root:');
  });
});
