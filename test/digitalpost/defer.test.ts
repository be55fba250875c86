import { describe, expect, it } from 'vitest';
import { withDoNotDeliverUntilDate } from '../../src/digitalpost/defer.ts';

const memo = (headerInner: string) =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" memoVersion="1.1">\n  <memo:MessageHeader>\n${headerInner}  </memo:MessageHeader>\n  <memo:MessageBody/>\n</memo:Message>\n`,
  );

describe('doNotDeliverUntilDate', () => {
  it('inserts the element before mandatory, with the header prefix and indentation, and changes nothing else', () => {
    const before = memo('    <memo:label>Afgørelse om boligstøtte</memo:label>\n    <memo:mandatory>false</memo:mandatory>\n    <memo:Sender/>\n');
    const after = withDoNotDeliverUntilDate(before, '2026-11-30');
    expect(after.toString()).toBe(
      memo(
        '    <memo:label>Afgørelse om boligstøtte</memo:label>\n    <memo:doNotDeliverUntilDate>2026-11-30</memo:doNotDeliverUntilDate>\n    <memo:mandatory>false</memo:mandatory>\n    <memo:Sender/>\n',
      ).toString(),
    );
  });

  it('inserts before Sender when the optional flags are absent, and ignores look-alikes in comments and CDATA', () => {
    const before = memo('    <!-- <memo:mandatory> -->\n    <memo:label><![CDATA[<memo:Sender>]]></memo:label>\n    <memo:Sender/>\n');
    const text = withDoNotDeliverUntilDate(before, '2026-11-30').toString();
    expect(text).toContain('<![CDATA[<memo:Sender>]]></memo:label>\n    <memo:doNotDeliverUntilDate>2026-11-30</memo:doNotDeliverUntilDate>\n    <memo:Sender/>');
  });

  it('moves an earlier date forward but never a later one back', () => {
    const earlier = memo('    <memo:doNotDeliverUntilDate>2026-11-28</memo:doNotDeliverUntilDate>\n    <memo:Sender/>\n');
    expect(withDoNotDeliverUntilDate(earlier, '2026-11-30').toString()).toContain('>2026-11-30<');
    const later = memo('    <memo:doNotDeliverUntilDate>2026-12-02</memo:doNotDeliverUntilDate>\n    <memo:Sender/>\n');
    expect(withDoNotDeliverUntilDate(later, '2026-11-30').equals(later)).toBe(true);
  });

  it('works without a namespace prefix', () => {
    const plain = Buffer.from('<Message><MessageHeader><label>x</label><Sender/></MessageHeader></Message>');
    expect(withDoNotDeliverUntilDate(plain, '2026-11-30').toString()).toBe(
      '<Message><MessageHeader><label>x</label><doNotDeliverUntilDate>2026-11-30</doNotDeliverUntilDate><Sender/></MessageHeader></Message>',
    );
  });
});
