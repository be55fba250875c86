/** The language rules, run through the engine on hand-built messages (helpers from test/rules). */
import { describe, expect, it } from 'vitest';
import { check, makeMessage, memo } from '../rules/helpers.ts';

const citizen = ['borger@example.dk'];

describe('no-identity-number-in-subject (BK-28)', () => {
  it('reports a CPR number in the subject, masked, with its span and confidence', () => {
    const message = makeMessage({ subject: 'Til orientering: sag om 010190-2000', to: citizen, body: 'Hej.' });
    const [f, ...rest] = check('no-identity-number-in-subject', message, { lang: 'da' });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      clause: 'BK-28',
      message: 'Emnefeltet indeholder et cpr-nummer (010190-XXXX).',
      location: { kind: 'header', header: 'Subject', start: 24, end: 35 },
      confidence: 'medium',
    });
    expect(f!.message).not.toContain('2000');
  });

  it('checks a Digital Post letter title and is silent on an order number', () => {
    const letter = makeMessage({ memo: memo({ label: 'Kvittering for ordrenr. 150324-0012' }), body: 'Tak for din bestilling.' });
    expect(check('no-identity-number-in-subject', letter)).toEqual([]);
    const withPnr = makeMessage({ memo: memo({ label: 'Beslut för 19121212-1212' }), body: 'Beslut.' });
    expect(check('no-identity-number-in-subject', withPnr, { lang: 'sv' })[0]).toMatchObject({ location: { header: 'label' } });
  });
});

describe('identity-number-in-body (BK-27)', () => {
  it('warns about a number in the e-mail body, quoted history included, at medium confidence and up', () => {
    const message = makeMessage({
      subject: 'Til orientering: møde',
      to: citizen,
      body: [
        ['new', 'Hej, se nedenfor. Vi har noteret 0101902000 uden bindestreg.'],
        ['quoted', '> Mit cpr-nr. er 010190-2000', 1],
      ],
    });
    const findings = check('identity-number-in-body', message, { lang: 'en' });
    expect(findings.map((f) => f.message)).toEqual(['The e-mail contains a CPR number (010190-XXXX).']);
    expect(findings[0]!.location).toMatchObject({ kind: 'body', line: 2 });
  });
});

describe('no-sensitive-subject (BK-28) and secret-content (BK-27)', () => {
  it('blocks a sensitive subject in either Nordic language', () => {
    const da = check('no-sensitive-subject', makeMessage({ subject: 'Anbringelse af dit barn', to: citizen, body: 'Hej.' }), { lang: 'da' });
    expect(da.map((f) => f.message)).toEqual(['Emnefeltet afslører en social foranstaltning: "Anbringelse".']);
    const sv = check('no-sensitive-subject', makeMessage({ subject: 'Ang. din sjukskrivning', to: citizen, body: 'Hej.' }), { lang: 'sv' });
    expect(sv.map((f) => f.message)).toEqual(['Ämnesraden avslöjar hälsa eller en diagnos: "sjukskrivning".']);
  });

  it('warns once per category in the body, but not about the signature', () => {
    const message = makeMessage({
      subject: 'Til orientering: samtale',
      to: citizen,
      body: [
        ['new', 'Din søn har fået diagnosen autisme. Autisme betyder ikke, at han ikke kan gå i skole.'],
        ['signature', 'Med venlig hilsen\nEn sagsbehandler\nPsykiatrien, Eksempel Kommune'],
      ],
    });
    const findings = check('secret-content', message, { lang: 'da' });
    expect(findings.map((f) => f.message)).toEqual(['Mailen afslører helbred eller en diagnose: "diagnosen" (3 i alt).']);
  });
});

describe('plain-language (FX-10)', () => {
  it('offers the plainer word as a fix, and drops a word with the space after it', () => {
    const body = 'Vi fremsender hermed afgørelsen.';
    const findings = check('plain-language', makeMessage({ subject: 'Afgørelse', to: citizen, body }), { lang: 'da' });
    expect(findings.map((f) => [f.message, f.suggestion, f.fix])).toEqual([
      ['"fremsender" er kancellisprog.', 'Skriv "sender" i stedet.', { start: 3, end: 13, text: 'sender' }],
      ['"hermed" er kancellisprog.', 'Slet ordet; sætningen siger det samme uden.', { start: 14, end: 21, text: '' }],
    ]);
  });

  it('gives the base form as a hint, with no fix, where no alternative fits the form (issue 15)', () => {
    const da = check('plain-language', makeMessage({ subject: 'Afgørelse', to: citizen, body: 'Det meddeles, at sagen er lukket.' }), { lang: 'da' });
    expect(da.map((f) => [f.message, f.suggestion, f.fix])).toEqual([
      ['"meddeles" er kancellisprog.', 'Skriv et enklere ord, fx "fortælle" i den bøjning, sætningen kræver.', undefined],
    ]);
    const sv = check('plain-language', makeMessage({ subject: 'Beslut', to: citizen, body: 'Din ansökan har inkommit.' }), { lang: 'sv' });
    expect(sv.map((f) => [f.suggestion, f.fix?.text])).toEqual([['Skriv "kommit in" i stället.', 'kommit in']]);
  });

  it('reports a verb phrase as one finding over the whole phrase, with a fix in the same tense (issue 16)', () => {
    const body = 'Ärendet har varit föremål för prövning. Du skall betala.';
    const sv = check('plain-language', makeMessage({ subject: 'Beslut', to: citizen, body }), { lang: 'sv' });
    expect(sv.map((f) => [f.message, f.fix])).toEqual([
      ['"har varit föremål för prövning" är myndighetssvenska.', { start: 8, end: 38, text: 'har prövats' }],
      ['"skall" är myndighetssvenska.', { start: 43, end: 48, text: 'ska' }],
    ]);
    const da = check('plain-language', makeMessage({ subject: 'Afgørelse', to: citizen, body: 'Vi har foretaget en vurdering af sagen.' }), { lang: 'da' });
    expect(da.map((f) => [f.message, f.fix?.text])).toEqual([['"har foretaget en vurdering af" er kancellisprog.', 'har vurderet']]);
  });

  it('reports a hard LIX and a long sentence', () => {
    const sentence =
      'Kommunalbestyrelsens administrationsgrundlag forudsætter sædvanligvis omfattende dokumentationsprocedurer vedrørende ansøgninger, hvorefter sagsbehandlingen gennemføres systematisk af forvaltningens medarbejdere under hensyntagen til lovgivningens bestemmelser og kommunalbestyrelsens retningslinjer for behandlingen af ansøgninger om økonomisk støtte.';
    const findings = check('plain-language', makeMessage({ subject: 'Regler', to: citizen, body: `${sentence} ${sentence}` }), {
      lang: 'en',
      options: { officialese: false },
    });
    const ids = findings.map((f) => f.messageId);
    expect(ids).toContain('lix');
    expect(ids.filter((id) => id === 'longSentence')).toHaveLength(2);
    expect(findings.find((f) => f.messageId === 'lix')!.message).toMatch(/^The text has a LIX of \d+(\.\d)?, which is very hard to read\.$/);
  });
});

describe('calm-tone (FX-5, BK-9)', () => {
  it('calls the message angry and points at the insult and the shouting', () => {
    const message = makeMessage({ subject: 'Papirer', to: citizen, body: 'Du har IGEN glemt papirerne!!! Du er en idiot.' });
    const findings = check('calm-tone', message, { lang: 'sv' });
    expect(findings.map((f) => f.messageId)).toEqual(['angry', 'shouting', 'insult']);
    expect(findings[0]!.suggestion).toBe('Sov på saken: läs det igen i morgon bitti innan du skickar det.');
  });

  it('is silent on a calm message with bad news', () => {
    const message = makeMessage({ subject: 'Afslag', to: citizen, body: 'Vi beklager, men vi må desværre give afslag på din ansøgning.' });
    expect(check('calm-tone', message, { lang: 'da' })).toEqual([]);
  });
});
