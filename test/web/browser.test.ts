/**
 * The web app end to end in a real browser: Debian's chromium driven by playwright-core against a
 * real `postvakt serve` child process standing on a Friday afternoon (POSTVAKT_NOW), swaks as
 * the SMTP client and an smtp-server sink as the smart host. Along the way every page is checked
 * with axe-core for WCAG 2.1 AA in Danish, Swedish and English, and screenshotted for the README.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';
import { stringify } from 'yaml';
import { freePort, setup, startServe, startSink, swaks, waitFor, type Served, type Setup, type Sink } from '../gateway/harness.ts';
import type { Lang } from '../../src/i18n/catalog.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SCREENSHOTS = join(ROOT, 'docs/screenshots');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const run = promisify(execFile);

const FRIDAY_AFTERNOON = '2026-12-04T14:00:00+01:00';
const FLAGGED = 'borger.hensyn@example.dk';
const SENDER = 'sagsbehandler@eksempel-kommune.dk';
const SUBJECT = 'Afgørelse om boligstøtte';
const HOSTILE_SUBJECT = 'Svar <img src=x onerror="window.__pwned=1"> bilag';
const HOSTILE_BODY = 'Hej.\n<script>window.__pwned=1</script>\n<b onmouseover="window.__pwned=1">fed</b>\nRing på 70 00 00 00.';
const PASSWORD = 'correct horse battery staple';
const LANGS: Lang[] = ['da', 'sv', 'en'];

let sink: Sink;
let s: Setup;
let served: Served;
let base: string;
let userDataDir: string;
let context: BrowserContext;
let page: Page;

async function addUser(username: string, role: string, unit: string): Promise<void> {
  const file = join(s.dir, `${username}.pw`);
  writeFileSync(file, `${PASSWORD}\n`, { mode: 0o600 });
  const { stdout } = await run(process.execPath, [join(ROOT, 'bin/postvakt.js'), 'user', 'add', '--username', username, '--role', role, '--unit', unit, '--password-file', file, '--config', s.configPath], {
    cwd: s.dir,
    env: { ...process.env, LANG: 'en_GB.UTF-8' },
  });
  expect(stdout).toContain(username);
}

async function signIn(username: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form[action="/login"] button[type="submit"]')]);
}

async function signOut(): Promise<void> {
  await Promise.all([page.waitForURL(/\/login/), page.click('form[action="/logout"] button')]);
}

async function chooseLanguage(lang: Lang): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.click(`form.lang button[value="${lang}"]`)]);
  expect(await page.getAttribute('html', 'lang')).toBe(lang);
}

/** axe-core with the WCAG 2.0/2.1 A and AA rules; evaluated over CDP, so the page's CSP stays on. */
async function axe(name: string): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`,
  )) as AxeResults;
  const violations = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(violations, `${name} in ${await page.getAttribute('html', 'lang')}`).toEqual([]);
}

async function screenshot(lang: Lang, file: string): Promise<void> {
  if (lang === 'en') await page.screenshot({ path: join(SCREENSHOTS, file), fullPage: true });
}

beforeAll(async () => {
  sink = await startSink();
  s = await setup({ sinkPort: sink.port });
  const webPort = await freePort();
  base = `http://127.0.0.1:${webPort}`;
  // publicUrl makes sender notices carry a one-time link to the held letter.
  s.config.web = { host: '127.0.0.1', port: webPort, publicUrl: base };
  writeFileSync(s.configPath, stringify(s.config));
  await addUser('sagsbehandler', 'caseworker', 'Jobcenter');
  await addUser('journal', 'registrar', 'Journal');
  served = await startServe(s, { POSTVAKT_NOW: FRIDAY_AFTERNOON });
  userDataDir = mkdtempSync(join(tmpdir(), 'postvakt-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    locale: 'da-DK',
    viewport: { width: 1280, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await served?.stop();
  await sink?.close();
  await s?.cleanup();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

describe('the web app in a real browser', () => {
  it('signs in, flags a citizen, sees the Friday letter held, releases it with a reason, and the sink gets it', async () => {
    await page.goto(`${base}/login`);
    // The browser asked for Danish (Accept-Language), so the page came in Danish.
    expect(await page.getAttribute('html', 'lang')).toBe('da');
    await signIn('sagsbehandler');
    expect(new URL(page.url()).pathname).toBe('/held');

    await page.goto(`${base}/register`);
    await page.fill('#identifier', FLAGGED);
    await page.fill('#reason', 'Reagerer stærkt på breve lige før weekenden; aftalt med borgeren.');
    await page.fill('#review', '2027-06-01');
    await Promise.all([page.waitForURL(/done=added/), page.click('form[action="/register"] button[type="submit"]')]);
    await expect(page.locator('[role="status"]').textContent()).resolves.toContain('Flaget er oprettet');
    await expect(page.locator('table.flags').textContent()).resolves.toContain('b…@example.dk');

    const sent = await swaks(s.smtpPort, ['--from', SENDER, '--to', FLAGGED, '--header', `Subject: ${SUBJECT}`, '--body', 'Hej. Du har fået boligstøtte. Ring på 70 00 00 00, hvis du har spørgsmål.']);
    expect(sent.code, sent.output).toBe(0);

    // The sender's hold notice links to the letter; the link works once.
    const notice = await waitFor(() => sink.messages.find((m) => m.to.includes(SENDER)), 60_000);
    const link = /http:\/\/127\.0\.0\.1:\d+\/l\/[A-Za-z0-9_-]+/.exec(notice.raw)?.[0];
    expect(link, notice.raw).toBeDefined();
    await page.goto(link!);
    expect(new URL(page.url()).pathname).toMatch(/^\/held\/[0-9a-f-]+$/);
    await expect(page.locator('h1').textContent()).resolves.toBe(SUBJECT);
    expect((await page.goto(link!))?.status()).toBe(410);

    await page.goto(`${base}/held`);
    const row = page.locator('tbody tr', { hasText: SUBJECT });
    await expect(row.count()).resolves.toBe(1);
    const rowText = (await row.textContent())!;
    expect(rowText).not.toContain(FLAGGED);
    expect(rowText).toContain('@example.dk');
    await Promise.all([page.waitForURL(/\/held\/[0-9a-f-]+$/), row.locator('a').click()]);
    await expect(page.locator('#questions + ol li').count()).resolves.toBe(4);
    await expect(page.locator('section[aria-labelledby="flags"]').textContent()).resolves.toContain('Reagerer stærkt');
    expect(sink.messages.some((m) => m.to.includes(FLAGGED))).toBe(false);

    // A reason is required: the browser refuses an empty one, and so does the server.
    await page.fill('#reason', 'Borgeren har selv bedt om svaret i dag.');
    await Promise.all([page.waitForURL(/\/held\?done=released/), page.click('form[action$="/release"] button')]);
    const delivered = await waitFor(() => sink.messages.find((m) => m.to.includes(FLAGGED) && m.raw.includes('boligst')), 60_000);
    expect(delivered.from).toBe(SENDER);
  }, 120_000);

  it('renders HTML in a mail subject and body inert', async () => {
    const sent = await swaks(s.smtpPort, ['--from', SENDER, '--to', FLAGGED, '--header', `Subject: ${HOSTILE_SUBJECT}`, '--body', HOSTILE_BODY]);
    expect(sent.code, sent.output).toBe(0);
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs += 1;
      void d.dismiss();
    });
    await page.goto(`${base}/held`);
    const link = page.locator('tbody a', { hasText: 'onerror' });
    await expect(link.textContent()).resolves.toContain('<img src=x onerror=');
    await Promise.all([page.waitForURL(/\/held\/[0-9a-f-]+$/), link.click()]);
    await expect(page.locator('h1').textContent()).resolves.toBe(HOSTILE_SUBJECT);
    await expect(page.locator('main img, main script, main b[onmouseover]').count()).resolves.toBe(0);

    await page.goto(`${base}/check`);
    await page.fill('#subject', HOSTILE_SUBJECT);
    await page.fill('#text', HOSTILE_BODY);
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="/check"] button[type="submit"]')]);
    await expect(page.locator('.draft pre').textContent()).resolves.toContain('<script>window.__pwned=1</script>');
    await expect(page.locator('main img, main script, main b[onmouseover]').count()).resolves.toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(dialogs).toBe(0);
  }, 120_000);

  it('has no WCAG 2.1 AA violations on any page in Danish, Swedish and English (screenshots for the README)', async () => {
    await signOut();
    for (const lang of LANGS) {
      await page.goto(`${base}/login`);
      await chooseLanguage(lang);
      await axe('sign-in');
      await screenshot(lang, 'login.png');
    }
    await signIn('sagsbehandler');
    const sent = await swaks(s.smtpPort, ['--from', SENDER, '--to', FLAGGED, '--header', 'Subject: Indkaldelse til samtale om din sag', '--body', 'Hej.\n\nDu er indkaldt til en samtale tirsdag den 8. december kl. 10.\n\nRing på 70 00 00 00, hvis tidspunktet ikke passer.']);
    expect(sent.code, sent.output).toBe(0);
    await page.goto(`${base}/held`);
    await Promise.all([page.waitForURL(/\/held\/[0-9a-f-]+$/), page.locator('tbody a', { hasText: 'Indkaldelse' }).click()]);
    // FX-9 from the browser: the case worker records that the citizen was told in advance.
    await Promise.all([page.waitForURL(/done=told/), page.click('form[action$="/told"] button')]);
    await expect(page.locator('.notice.ok').count()).resolves.toBe(1);
    await expect(page.locator('form[action$="/told"] button').count()).resolves.toBe(0);
    const heldId = new URL(page.url()).pathname;
    for (const lang of LANGS) {
      await chooseLanguage(lang);
      await page.goto(`${base}/held`);
      await axe('held letters');
      await screenshot(lang, 'held-letters.png');
      await page.goto(`${base}${heldId}`);
      await axe('held letter');
      await screenshot(lang, 'held-letter.png');
      await page.goto(`${base}/register`);
      await axe('consideration register');
      await screenshot(lang, 'register.png');
      await page.goto(`${base}/check`);
      await page.fill('#subject', 'Brev fra kommunen');
      await page.fill('#text', 'Hej.\n\nDu skal svare senest den 28. december 2026.\n\nMed venlig hilsen\nEn sagsbehandler');
      await Promise.all([page.waitForLoadState('load'), page.click('form[action="/check"] button[type="submit"]')]);
      await expect(page.locator('ol.findings li').count()).resolves.toBeGreaterThan(0);
      await axe('check a draft');
      await screenshot(lang, 'check-draft.png');
      await page.goto(`${base}/calendar`);
      await expect(page.locator('#closed + table tbody tr').count()).resolves.toBeGreaterThan(5);
      await axe('calendar');
      await screenshot(lang, 'calendar.png');
      await page.goto(`${base}/away`);
      await expect(page.locator('form[action="/away/absences"]').count()).resolves.toBe(1);
      await axe('absence and notices');
      await expect(page.goto(`${base}/answers`).then((r) => r?.status())).resolves.toBe(200);
      await axe('awaiting an answer');
      await expect(page.goto(`${base}/requests`).then((r) => r?.status())).resolves.toBe(200);
      await axe('requests for documents');
    }
    await signOut();
    await signIn('journal');
    for (const lang of LANGS) {
      await chooseLanguage(lang);
      // The log never pairs the flagged citizen with a hold: held letters stand under a pseudonym.
      await page.goto(`${base}/log?mailbox=${encodeURIComponent(FLAGGED)}`);
      await expect(page.locator('tbody tr').count()).resolves.toBe(0);
      await page.goto(`${base}/log?mailbox=${encodeURIComponent(SENDER)}`);
      await Promise.all([page.waitForLoadState('load'), page.click('form[action^="/log/verify"] button')]);
      await expect(page.locator('.notice.ok').count()).resolves.toBe(1);
      // The gateway logged the held and the delivered letter (BK-28); the search by sender finds them.
      await expect(page.locator('tbody tr', { hasText: 'pseudonym:' }).count()).resolves.toBeGreaterThanOrEqual(2);
      await axe('mail log');
      await screenshot(lang, 'mail-log.png');
      // The registrar's worklist (BK-20) and one document's page, where the status is decided.
      await expect(page.goto(`${base}/records`).then((r) => r?.status())).resolves.toBe(200);
      await axe('records worklist');
      const documentLink = page.locator('main tbody a').first();
      await expect(documentLink.count()).resolves.toBeGreaterThan(0);
      await Promise.all([page.waitForURL(/\/records\/[^/]+$/), documentLink.click()]);
      await axe('record');
    }
  }, 300_000);
});
