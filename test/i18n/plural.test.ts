/** Plural forms in the catalogs follow Intl.PluralRules: "1 tilbageholdt brev", "2 tilbageholdte breve". */
import { describe, expect, it } from 'vitest';
import { defineCatalog, translate } from '../../src/i18n/catalog.ts';
import { webMessages } from '../../src/web/messages.ts';

describe('plural forms', () => {
  it.each([
    ['da', 1, '1 tilbageholdt brev'],
    ['da', 2, '2 tilbageholdte breve'],
    ['da', 0, '0 tilbageholdte breve'],
    ['sv', 1, '1 kvarhållet brev'],
    ['sv', 3, '3 kvarhållna brev'],
    ['en', 1, '1 held letter'],
    ['en', 12, '12 held letters'],
  ] as const)('%s %i → %s', (lang, count, text) => {
    expect(translate(webMessages, lang, 'heldCount', { count })).toBe(text);
  });

  it('keeps other placeholders and a plural whose number is missing visible', () => {
    const catalog = defineCatalog({
      en: { k: '{name}: {n, plural, one {# day} other {# days}} left' },
      da: { k: '{name}: {n, plural, one {# dag} other {# dage}} tilbage' },
      sv: { k: '{name}: {n, plural, one {# dag} other {# dagar}} kvar' },
    });
    expect(translate(catalog, 'sv', 'k', { name: 'Frist', n: 1 })).toBe('Frist: 1 dag kvar');
    expect(translate(catalog, 'da', 'k', { name: 'Frist', n: 5 })).toBe('Frist: 5 dage tilbage');
    expect(translate(catalog, 'en', 'k', { name: 'Frist' })).toBe('Frist: {n, plural, one {# day} other {# days}} left');
  });
});
