/**
 * Windows-1252 repair. The WHATWG Encoding standard (which TextDecoder follows) reads
 * iso-8859-1, latin1 and windows-1252 all as windows-1252, but Node 20's TextDecoder decodes
 * them as plain ISO-8859-1, so Outlook's curly quotes, dashes and the euro sign come out as
 * invisible C1 control characters. Those never occur in real text, so they are mapped back.
 */
const CP1252_C1: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰',
  0x8a: 'Š', 0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•',
  0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};

export function repairC1(text: string): string {
  return /[\u0080-\u009f]/.test(text) ? text.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0)] ?? c) : text;
}
