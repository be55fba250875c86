/**
 * Every BK/FX rule on hand-built messages: cases that must fire (with where and what) and
 * cases that must not.
 */
import { describe, expect, it } from 'vitest';
import { check, makeMessage, memo } from './helpers.ts';

const colleague = 'Jonas Berg <job@eksempel-kommune.dk>';
const citizen = 'Anna Jensen <anna.jensen@example.dk>';
const ids = (findings: { messageId: string }[]) => findings.map((f) => f.messageId);

describe('subject-states-action (BK-4)', () => {
  it('fires on a subject that states no action, with the span of the subject', () => {
    const [f] = check('subject-states-action', makeMessage({ subject: 'Budget 2027', to: [colleague] }));
    expect(f).toMatchObject({ messageId: 'noAction', clause: 'BK-4', location: { kind: 'header', header: 'Subject', start: 0, end: 11 } });
    expect(f?.suggestion).toContain('For approval');
  });
  it.each(['Brev fra kommunen', 'Meddelande från kommunen', 'Meddelelse fra kommunen'])('fires on "%s", a subject that only names the kind of letter', (subject) => {
    expect(ids(check('subject-states-action', makeMessage({ subject, to: [colleague] })))).toEqual(['noAction']);
  });
  it('takes "meddela" as the verb it is', () => {
    expect(check('subject-states-action', makeMessage({ subject: 'Meddela ny adress senast fredag', to: [colleague] }))).toEqual([]);
  });
  it('fires on an empty subject', () => {
    expect(ids(check('subject-states-action', makeMessage({ subject: '  ', to: [colleague] })))).toEqual(['missing']);
  });
  it.each(['Til godkendelse: budget 2027', 'Svar senest 2026-12-04: julefrokost', 'För kännedom: nya rutiner', 'Kan du tage telefonen fredag?', 'Mødeindkaldelse: teammøde'])(
    'is silent on "%s"',
    (subject) => expect(check('subject-states-action', makeMessage({ subject, to: [colleague] }))).toEqual([]),
  );
  it('leaves replies alone unless told otherwise', () => {
    const reply = makeMessage({ subject: 'SV: Budget 2027', inReplyTo: '<a@x>', to: [colleague] });
    expect(check('subject-states-action', reply)).toEqual([]);
    expect(check('subject-states-action', reply, { options: { ignoreReplies: false } })[0]?.location).toMatchObject({ start: 4, end: 15 });
  });
});

describe('reply-by-date-iso (BK-5)', () => {
  it('offers the ISO form as a fix that applies to the body text', () => {
    const message = makeMessage({ subject: 'Svar senest 4/12', body: 'Hej\nGiv besked senest den 4. december 2026, tak.' });
    const findings = check('reply-by-date-iso', message, { lang: 'da' });
    const body = findings.find((f) => f.location.kind === 'body')!;
    expect(body).toMatchObject({ messageId: 'replyByNotIso', location: { line: 2, column: 23 }, fix: { text: '2026-12-04' } });
    const { start, end, text } = body.fix!;
    expect(message.body.text.slice(0, start) + text + message.body.text.slice(end)).toBe('Hej\nGiv besked senest den 2026-12-04, tak.');
    expect(body.message).toBe('Svarfristen "4. december 2026" er ikke skrevet som åååå-mm-dd.');
    const subject = findings.find((f) => f.location.kind === 'header')!;
    expect(subject).toMatchObject({ location: { header: 'Subject', start: 12, end: 16 }, fix: { text: '2026-12-04' } });
  });
  it('asks for a date instead of "as soon as possible"', () => {
    expect(ids(check('reply-by-date-iso', makeMessage({ body: 'Svara så snart som möjligt.' })))).toEqual(['immediate']);
  });
  it('is silent on ISO dates and on dates in quoted history', () => {
    const message = makeMessage({
      body: [
        ['new', 'Svar senest 2026-12-04 kl. 12.00.'],
        ['quoted', '> Vi mødes den 3. december.', 1],
      ],
    });
    expect(check('reply-by-date-iso', message)).toEqual([]);
  });
  it('reads no date inside a journal number (KLE) or another identifier', () => {
    const message = makeMessage({ subject: 'Svar senest 02.34.02-P19-12-26', body: 'Hej\nSvar senest på j.nr. 02.34.02-P19-12-26 og sag ABC12/11-2026, ref_2026-12-01.' });
    expect(check('reply-by-date-iso', message, { lang: 'da', options: { allDates: true } })).toEqual([]);
  });
  it('reports only reply-by dates when allDates is off', () => {
    const message = makeMessage({ body: 'Mødet er 3/12-2026. Svar senest 30/11-2026.' });
    expect(ids(check('reply-by-date-iso', message, { options: { allDates: false } }))).toEqual(['replyByNotIso']);
  });
});

describe('no-reply-all (BK-6)', () => {
  const many = [colleague, 'Sofie Lund <sol@eksempel-kommune.dk>'];
  it('fires on a reply to many', () => {
    const message = makeMessage({ subject: 'SV: Julefrokost', inReplyTo: '<x@y>', to: many, cc: ['Karen Holm <kah@eksempel-kommune.dk>'] });
    expect(check('no-reply-all', message)[0]).toMatchObject({ messageId: 'replyAll', location: { kind: 'header', header: 'Cc' } });
  });
  it('is silent on a reply to one and on a new mail to many', () => {
    expect(check('no-reply-all', makeMessage({ subject: 'SV: Julefrokost', inReplyTo: '<x@y>', to: [colleague] }))).toEqual([]);
    expect(check('no-reply-all', makeMessage({ subject: 'Julefrokost', to: [...many, 'c@eksempel-kommune.dk'] }))).toEqual([]);
  });
});

describe('cc-for-information (BK-6)', () => {
  it('fires where someone on cc is asked to act', () => {
    const message = makeMessage({ to: [colleague], cc: ['Karen Holm <kah@eksempel-kommune.dk>'], body: 'Hej Jonas\nKaren, kan du booke lokalet?' });
    expect(check('cc-for-information', message)[0]).toMatchObject({ messageId: 'askedToAct', location: { kind: 'body', line: 2, column: 1, start: 10, end: 15 } });
  });
  it('fires on a long cc list', () => {
    const cc = ['a@eksempel-kommune.dk', 'b@eksempel-kommune.dk', 'c@eksempel-kommune.dk', 'd@eksempel-kommune.dk'];
    expect(ids(check('cc-for-information', makeMessage({ to: [colleague], cc, body: 'Til orientering.' })))).toEqual(['manyCc']);
  });
  it('is silent when cc is only informed or the name is only greeted', () => {
    const message = makeMessage({ to: [colleague], cc: ['Karen Holm <kah@eksempel-kommune.dk>'], body: 'Hej Jonas og Karen\nJonas, kan du booke lokalet? Karen får den til orientering.' });
    expect(check('cc-for-information', message)).toEqual([]);
  });
});

describe('no-mass-mail (BK-7)', () => {
  const to = Array.from({ length: 26 }, (_, i) => `kollega${i}@eksempel-kommune.dk`);
  it('fires above the limit and on a distribution list, naming where', () => {
    expect(check('no-mass-mail', makeMessage({ to }))[0]).toMatchObject({ messageId: 'tooMany', message: 'The message goes to 26 recipients; the limit is 25.' });
    const [f] = check('no-mass-mail', makeMessage({ to: [colleague], cc: ['Alle i Jobcenter <alle-jobcenter@eksempel-kommune.dk>'] }));
    expect(f).toMatchObject({ messageId: 'distributionList', location: { header: 'Cc', start: 18, end: 52 } });
  });
  it('is silent at the limit, and a higher limit from options applies', () => {
    expect(check('no-mass-mail', makeMessage({ to: to.slice(0, 25) }))).toEqual([]);
    expect(check('no-mass-mail', makeMessage({ to }), { options: { max: 40 } })).toEqual([]);
  });
});

describe('short-mail (BK-8)', () => {
  const words = (n: number) => Array.from({ length: n }, (_, i) => `ord${i}`).join(' ');
  it('fires on a long mail, at the word where it passes the limit', () => {
    const [f] = check('short-mail', makeMessage({ body: words(300) }));
    expect(f).toMatchObject({ messageId: 'tooLong', location: { kind: 'body', start: words(250).length + 1 } });
  });
  it('does not count quoted history or the signature', () => {
    const message = makeMessage({ body: [['new', words(100)], ['quoted', words(400), 1], ['signature', words(20)]] });
    expect(check('short-mail', message)).toEqual([]);
  });
});

describe('call-instead (BK-2)', () => {
  it('fires on many questions, at the first one over the limit', () => {
    const [f] = check('call-instead', makeMessage({ body: 'Hvornår starter vi? Hvem deltager? Hvad koster det?\nHvor skal vi være?' }));
    expect(f).toMatchObject({ messageId: 'manyQuestions', location: { line: 2, column: 1 } });
  });
  it('fires on a long mail about a change', () => {
    const body = `Fra 1. februar sker der en omorganisering af afdelingen. ${'Det betyder nye opgaver for flere af jer. '.repeat(16)}`;
    expect(ids(check('call-instead', makeMessage({ body })))).toEqual(['change']);
  });
  it('is silent on a short note with a question', () => {
    expect(check('call-instead', makeMessage({ body: 'Kan du tage telefonen fredag? Tak.' }))).toEqual([]);
  });
});

describe('forwarded-thread-depth (BK-8)', () => {
  it('fires on a forward of a deep conversation', () => {
    const message = makeMessage({ subject: 'VS: Sag om bolig', body: [['new', 'Se nedenfor.'], ['forwarded', 'a', 1], ['quoted', 'b', 2], ['quoted', 'c', 3]] });
    expect(check('forwarded-thread-depth', message)[0]).toMatchObject({ messageId: 'deepThread', message: 'The forwarded conversation is 3 levels deep; the limit is 2.' });
  });
  it('is silent on a forward of one message and on a deep reply', () => {
    expect(check('forwarded-thread-depth', makeMessage({ body: [['new', 'Se nedenfor.'], ['forwarded', 'a', 1]] }))).toEqual([]);
    expect(check('forwarded-thread-depth', makeMessage({ body: [['new', 'Ja.'], ['quoted', 'a', 1], ['quoted', 'b', 2], ['quoted', 'c', 3]] }))).toEqual([]);
  });
});

describe('reply-keeps-history (BK-8)', () => {
  it('fires on a reply without the mail it answers', () => {
    expect(check('reply-keeps-history', makeMessage({ subject: 'Re: Vagtplan', inReplyTo: '<x@y>', body: 'Det passer fint.' }))[0]).toMatchObject({
      messageId: 'noHistory',
      location: { kind: 'header', header: 'In-Reply-To' },
    });
  });
  it('is silent on a reply with history and on a new mail', () => {
    expect(check('reply-keeps-history', makeMessage({ subject: 'Re: Vagtplan', body: [['new', 'Ja.'], ['quoted', '> Passer det?', 1]] }))).toEqual([]);
    expect(check('reply-keeps-history', makeMessage({ subject: 'Vagtplan', body: 'Passer det?' }))).toEqual([]);
  });
});

describe('no-read-receipt (BK-11)', () => {
  it.each(['Disposition-Notification-To', 'Return-Receipt-To', 'X-Confirm-Reading-To'])('fires on %s', (name) => {
    const [f] = check('no-read-receipt', makeMessage({ headers: { [name]: 'meh@eksempel-kommune.dk' } }), { lang: 'sv' });
    expect(f).toMatchObject({ location: { kind: 'header', header: name }, message: `Mejlet begär läskvitto (${name}).` });
  });
  it('is silent without such a header', () => {
    expect(check('no-read-receipt', makeMessage({ headers: { 'X-Mailer': 'Outlook' } }))).toEqual([]);
  });
});

describe('no-internal-attachments (BK-12)', () => {
  const file = { filename: 'referat.docx', contentType: 'application/msword', size: 20_000, disposition: 'attachment' as const };
  it('fires on a file to colleagues only', () => {
    expect(check('no-internal-attachments', makeMessage({ to: [colleague], attachments: [file] }))[0]?.message).toBe(
      'All recipients are colleagues, and 1 file(s) are attached: referat.docx.',
    );
  });
  it('is silent with an external recipient, an inline logo, or no internal domains configured', () => {
    expect(check('no-internal-attachments', makeMessage({ to: [colleague, citizen], attachments: [file] }))).toEqual([]);
    expect(check('no-internal-attachments', makeMessage({ to: [colleague], attachments: [{ ...file, disposition: 'inline' }] }))).toEqual([]);
    expect(check('no-internal-attachments', makeMessage({ to: [colleague], attachments: [file] }), { settings: { internalDomains: [] } })).toEqual([]);
  });
});

describe('common-signature (BK-13)', () => {
  const signature = 'Mette Hansen\nKonsulent\nEksempel Kommune\nTelefon: 70 00 00 01';
  it('fires on an added line where it is, and on a missing line with its placeholder named in words', () => {
    const message = makeMessage({ body: [['new', 'Hej\nTak.\nMed venlig hilsen'], ['signature', `${signature}\nSendt fra min iPhone`]] });
    const [extra] = check('common-signature', message);
    expect(extra).toMatchObject({ messageId: 'extraLines', location: { line: 8, column: 1 } });
    const missingPhone = makeMessage({ body: [['new', 'Hej'], ['signature', 'Med venlig hilsen\nMette Hansen\nKonsulent\nEksempel Kommune']] });
    expect(check('common-signature', missingPhone).map((f) => f.message)).toEqual(['Of the common signature, the signature lacks "Telefon: [phone number]".']);
  });
  it('reports a signature that is not the common one as one finding listing the lines (issue 15)', () => {
    const message = makeMessage({ body: [['new', 'Hej\nTak.'], ['signature', 'Venlig hilsen\nAnna']] });
    expect(check('common-signature', message, { lang: 'da' }).map((f) => f.message)).toEqual([
      'Signaturen er ikke den fælles signatur. Den mangler "Med venlig hilsen", "[dit navn]", "[din titel]", "Eksempel Kommune", "Telefon: [telefonnummer]" og har "Venlig hilsen", "Anna" i tilgift.',
    ]);
  });
  it('fires when there is no signature', () => {
    expect(ids(check('common-signature', makeMessage({ body: 'Hej\nTak.' })))).toEqual(['missing']);
  });
  it('is silent on the common signature, and without a template', () => {
    const message = makeMessage({ body: [['new', 'Hej'], ['signature', `Med venlig hilsen\n${signature}`]] });
    expect(check('common-signature', message)).toEqual([]);
    expect(check('common-signature', makeMessage({ body: 'Hej' }), { settings: { signatureTemplate: undefined } })).toEqual([]);
  });
});

describe('contact-path (FX-8)', () => {
  it('fires on a letter with no way to get in touch, and on one without hours', () => {
    expect(ids(check('contact-path', makeMessage({ memo: memo(), body: 'Du får boligstøtte fra januar.' })))).toEqual(['noContact']);
    expect(ids(check('contact-path', makeMessage({ memo: memo(), body: 'Har du spørgsmål, så ring til mig på 70 00 00 01.' })))).toEqual(['noHours']);
  });
  it('fires on a mail to a citizen with no contact', () => {
    expect(ids(check('contact-path', makeMessage({ to: [citizen], body: 'Din ansøgning er modtaget.' })))).toEqual(['noContact']);
  });
  it('is silent with a contact point, phone and hours, or on mail between colleagues', () => {
    const point = memo({ contactPoints: [{ phone: '70 00 00 01', openingHours: 'Man-tors 8-15' }] });
    expect(check('contact-path', makeMessage({ memo: point, body: 'Du får boligstøtte.' }))).toEqual([]);
    expect(check('contact-path', makeMessage({ memo: memo(), body: 'Ring på 70 00 00 01 mandag-torsdag kl. 8-15.' }))).toEqual([]);
    expect(check('contact-path', makeMessage({ to: [colleague], body: 'Tak for i dag.' }))).toEqual([]);
  });
});

describe('descriptive-title (FX-11)', () => {
  it.each(['Brev fra Eksempel Kommune', 'Meddelelse', 'Du har fået post', 'Brev från kommunen', 'Information'])('fires on "%s"', (label) => {
    expect(check('descriptive-title', makeMessage({ memo: memo({ label }), subject: label }))[0]).toMatchObject({
      messageId: 'generic',
      location: { kind: 'header', header: 'label', start: 0, end: label.length },
    });
  });
  it('fires on a generic notification', () => {
    expect(ids(check('descriptive-title', makeMessage({ memo: memo({ notification: 'Du har fået et brev' }) })))).toEqual(['genericNotification']);
  });
  it('is silent on a title that says what it is about, and on internal mail', () => {
    expect(check('descriptive-title', makeMessage({ memo: memo() }))).toEqual([]);
    expect(check('descriptive-title', makeMessage({ to: [colleague], subject: 'Information' }))).toEqual([]);
  });
});

describe('standard-letter-cover (FX-11)', () => {
  const pdf = { role: 'main' as const, filename: 'afgoerelse.pdf', contentType: 'application/pdf', size: 80_000 };
  it('fires on a PDF letter without a cover text', () => {
    expect(ids(check('standard-letter-cover', makeMessage({ memo: memo({ files: [pdf] }) })))).toEqual(['noCover']);
    expect(ids(check('standard-letter-cover', makeMessage({ memo: memo({ files: [pdf], notification: 'Nyt brev' }) })))).toEqual(['noCover']);
  });
  it('fires on an attachment-only mail to a citizen', () => {
    const file = { filename: 'bevilling.pdf', contentType: 'application/pdf', size: 1000, disposition: 'attachment' as const };
    expect(ids(check('standard-letter-cover', makeMessage({ to: [citizen], body: 'Se vedhæftede.', attachments: [file] })))).toEqual(['attachmentOnly']);
  });
  it('is silent with an explanatory notification or cover file, and on a text letter', () => {
    const notification = 'Du får boligstøtte fra januar. Læs brevet for at se beløbet og hvad du skal gøre.';
    expect(check('standard-letter-cover', makeMessage({ memo: memo({ files: [pdf], notification }) }))).toEqual([]);
    const cover = { role: 'main' as const, filename: 'følgebrev.txt', contentType: 'text/plain', size: 300, cover: true, text: notification };
    expect(check('standard-letter-cover', makeMessage({ memo: memo({ files: [cover, pdf] }) }))).toEqual([]);
    expect(check('standard-letter-cover', makeMessage({ memo: memo() }))).toEqual([]);
  });
});
