/** The small parts the pages stand on: escaping, password hashes, OIDC role mapping, masking. */
import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from '../../src/web/html.ts';
import { hashPassword, verifyPassword } from '../../src/web/auth/passwords.ts';
import { passwordProblem } from '../../src/web/auth/password-policy.ts';
import { roleFromClaim } from '../../src/web/auth/oidc.ts';
import { maskRecipient } from '../../src/web/mask.ts';
import { absoluteLink } from '../../src/web/links.ts';
import { safeLocalPath } from '../../src/web/page.ts';
import { quietWindowsOfYear } from '../../src/web/routes/calendar.ts';
import { createCalendar } from '../../src/calendar/calendar.ts';
import { loadConfig, samplePath } from '../../src/config/load.ts';

describe('html', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const subject = `<img src=x onerror="alert('1')">&`;
    expect(html`<p title="${subject}">${subject}</p>`.value).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;">&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;</p>',
    );
  });

  it('keeps nested html as is, joins arrays, and drops null, undefined and false', () => {
    const items = ['<a>', 'b'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.value).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>0');
  });

  it('escapes a string that only looks like markup produced elsewhere', () => {
    expect(escapeHtml('</textarea><script>')).toBe('&lt;/textarea&gt;&lt;script&gt;');
  });
});

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one or a foreign hash', async () => {
    const hash = await hashPassword('a long test password');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('a long test password', hash)).toBe(true);
    expect(await verifyPassword('a long test passwore', hash)).toBe(false);
    expect(await verifyPassword('a long test password', '$2b$10$bcrypt-hash')).toBe(false);
    expect(await hashPassword('a long test password')).not.toBe(hash);
  });
});

describe('password policy', () => {
  it('refuses short and common passwords, padded or repeated ones too, and takes a passphrase', () => {
    expect(passwordProblem('kort')).toBe('user.shortPassword');
    for (const common of ['qwertyuiop12', 'Password1234', 'Sommer2026!!', '!!Liverpool2026', 'dragondragon', 'Velkommen123!', 'baseball1234']) {
      expect(passwordProblem(common), common).toBe('user.commonPassword');
    }
    for (const fine of ['a long test password', 'korrekt hest batteri klips', 'Tr0ubadour&3-lang']) expect(passwordProblem(fine), fine).toBeNull();
  });
});

describe('OIDC role claim', () => {
  const map = { 'Postvakt.Registrar': 'registrar', 'Postvakt.CaseWorker': 'caseworker' } as const;
  it('maps IdP roles, lets the broadest win, and gives nothing for unknown roles', () => {
    expect(roleFromClaim(['Postvakt.CaseWorker'], map)).toBe('caseworker');
    expect(roleFromClaim(['Postvakt.CaseWorker', 'Postvakt.Registrar'], map)).toBe('registrar');
    expect(roleFromClaim(['manager', 'Postvakt.CaseWorker'], map)).toBe('manager');
    expect(roleFromClaim('admin', {})).toBe('admin');
    expect(roleFromClaim(['Everyone'], map)).toBeNull();
    expect(roleFromClaim(undefined, map)).toBeNull();
  });
});

describe('masking and paths', () => {
  it('masks e-mail addresses and identity numbers', () => {
    expect(maskRecipient('borger.hensyn@example.dk')).toBe('b••••••••@example.dk');
    expect(maskRecipient('a@example.se')).toBe('a•••@example.se');
    expect(maskRecipient('010190-1234')).toBe('010190-••••');
    expect(maskRecipient('19900101-1234')).toBe('19900101-••••');
  });

  it('accepts only same-site paths to go back to', () => {
    expect(safeLocalPath('/held/abc?done=told')).toBe('/held/abc?done=told');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'held', '/a b', undefined]) {
      expect(safeLocalPath(bad)).toBeNull();
    }
  });

  it('builds absolute notice links under the public URL, sub-path included', () => {
    expect(absoluteLink('https://postvakt.example.dk', '/l/tok')).toBe('https://postvakt.example.dk/l/tok');
    expect(absoluteLink('https://intra.example.dk/postvakt', '/l/tok')).toBe('https://intra.example.dk/postvakt/l/tok');
    expect(absoluteLink(undefined, '/l/tok')).toBe('/l/tok');
  });
});

describe('quiet windows of a year', () => {
  it('finds every weekend and the Christmas stretch once, in order', () => {
    const calendar = createCalendar(loadConfig(samplePath('dk')).config.calendar);
    const windows = quietWindowsOfYear(calendar, 2026);
    expect(windows.length).toBeGreaterThanOrEqual(52);
    for (let i = 1; i < windows.length; i++) expect(windows[i]!.start.getTime()).toBeGreaterThanOrEqual(windows[i - 1]!.end.getTime());
    // Friday 4 December 2026 from the quiet cut-off (12:00) to Monday's opening (08:00).
    const december = windows.find((w) => w.start.toISOString() === '2026-12-04T11:00:00.000Z');
    expect(december?.end.toISOString()).toBe('2026-12-07T07:00:00.000Z');
  });
});
