import { describe, expect, it } from 'vitest';
import type { RawMatch } from '../types';
import { cardDetector, knownIssuer, luhn } from './card';
import { emailDetector } from './email';
import { ibanDetector, mod97 } from './iban';
import { nationalIdDetector, validSsn } from './national-id';
import { phoneDetector } from './phone';
import type { Detector } from '../types';

function found(detector: Detector, text: string, key?: string): RawMatch[] {
  const out: RawMatch[] = [];
  detector.find(text, out, key);
  return out;
}
const spans = (d: Detector, text: string) => found(d, text).map((m) => text.slice(m.start, m.end));

describe('email', () => {
  it('finds addresses with their exact span', () => {
    expect(spans(emailDetector, 'mail alice@example.com now')).toEqual(['alice@example.com']);
    expect(spans(emailDetector, 'Contact: bob.smith+tag@mail.co.uk.')).toEqual(['bob.smith+tag@mail.co.uk']);
    expect(spans(emailDetector, '<a@b.io>,<c.d@e-f.org>')).toEqual(['a@b.io', 'c.d@e-f.org']);
  });

  it('ignores handles, hosts without a TLD and numeric TLDs', () => {
    expect(spans(emailDetector, 'user@localhost @handle a@b foo@bar.123 x@-bad.com')).toEqual([]);
  });

  it('masks the hint', () => {
    expect(found(emailDetector, 'alice@example.com')[0]!.hint).toBe('a…@example.com');
  });

  it('stays linear on a long run of @ signs', () => {
    const text = 'a@'.repeat(50_000);
    expect(spans(emailDetector, text)).toEqual([]);
  });
});

describe('phone', () => {
  it('finds international and national formats', () => {
    const texts = [
      '+14155552671',
      '+44 20 7946 0958',
      '(415) 555-2671',
      '415-555-2671',
      '415.555.2671',
      '020 7946 0958',
      '07700 900123',
      '+49 (0)30 1234567',
    ];
    for (const t of texts) expect(spans(phoneDetector, `call ${t} today`), t).toEqual([t]);
  });

  it('does not flag plain numbers, dates, versions, addresses or card numbers', () => {
    const texts = [
      '1234567890',
      'order 20240115',
      '2024-01-15',
      '192.168.100.200',
      'v1.2.3',
      '4111 1111 1111 1111',
      '02134-1234',
      '1700000000000',
      '3.14159265',
    ];
    for (const t of texts) expect(spans(phoneDetector, t), t).toEqual([]);
  });

  it('hints only the last two digits', () => {
    expect(found(phoneDetector, '+14155552671')[0]!.hint).toBe('…71');
  });
});

describe('card', () => {
  it('implements Luhn', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
    expect(luhn('79927398713')).toBe(true);
    expect(luhn('')).toBe(false);
  });

  it('knows issuer prefixes and lengths', () => {
    expect(knownIssuer('4111111111111111')).toBe(true);
    expect(knownIssuer('378282246310005')).toBe(true);
    expect(knownIssuer('3782822463100050')).toBe(false);
    expect(knownIssuer('1700000000000')).toBe(false);
  });

  it('finds grouped and ungrouped numbers and reports only the last four digits', () => {
    const text =
      'visa 4111 1111 1111 1111, mc 5555-5555-5555-4444, amex 378282246310005, disc 6011111111111117';
    expect(spans(cardDetector, text)).toEqual([
      '4111 1111 1111 1111',
      '5555-5555-5555-4444',
      '378282246310005',
      '6011111111111117',
    ]);
    expect(found(cardDetector, text).map((m) => m.hint)).toEqual(['…1111', '…4444', '…0005', '…1117']);
  });

  it('skips Luhn failures, timestamps, decimals and numbers inside longer digit runs', () => {
    expect(spans(cardDetector, '4111111111111112')).toEqual([]);
    expect(spans(cardDetector, 'ts 1700000000000 id 17000000000000000')).toEqual([]);
    expect(spans(cardDetector, '0.5555555555554444')).toEqual([]);
    expect(spans(cardDetector, '41111111111111111111111')).toEqual([]);
    expect(spans(cardDetector, 'x4111111111111111')).toEqual([]);
  });
});

describe('iban', () => {
  it('computes mod 97', () => {
    expect(mod97('DE89370400440532013000')).toBe(1);
    expect(mod97('DE89370400440532013001')).not.toBe(1);
  });

  it('finds spaced and compact IBANs with the country length', () => {
    const text =
      'pay DE89 3704 0044 0532 0130 00 or GB82WEST12345698765432 or FR14 2004 1010 0505 0001 3M02 606.';
    expect(spans(ibanDetector, text)).toEqual([
      'DE89 3704 0044 0532 0130 00',
      'GB82WEST12345698765432',
      'FR14 2004 1010 0505 0001 3M02 606',
    ]);
    expect(found(ibanDetector, 'DE89370400440532013000')[0]!.hint).toBe('DE…3000');
  });

  it('rejects a wrong check digit, a wrong length and unknown countries', () => {
    expect(spans(ibanDetector, 'GB82WEST12345698765433')).toEqual([]);
    expect(spans(ibanDetector, 'DE8937040044053201300')).toEqual([]);
    expect(spans(ibanDetector, 'DE893704004405320130001')).toEqual([]);
    expect(spans(ibanDetector, 'QQ89370400440532013000')).toEqual([]);
  });
});

describe('national ids', () => {
  it('applies SSA validity rules', () => {
    expect(validSsn('536', '22', '1234')).toBe(true);
    expect(validSsn('000', '22', '1234')).toBe(false);
    expect(validSsn('666', '22', '1234')).toBe(false);
    expect(validSsn('900', '22', '1234')).toBe(false);
    expect(validSsn('536', '00', '1234')).toBe(false);
    expect(validSsn('536', '22', '0000')).toBe(false);
    expect(validSsn('078', '05', '1120')).toBe(false);
  });

  it('finds SSNs and UK NI numbers, not look-alikes', () => {
    const text =
      'ssn 536-22-1234, bad 666-22-1234, nino AB 12 34 56 C and JG123456D; no QQ123456C, GB123456A, AB123456E';
    const found_ = found(nationalIdDetector, text);
    expect(found_.map((m) => [text.slice(m.start, m.end), m.label])).toEqual([
      ['536-22-1234', 'us_ssn'],
      ['AB 12 34 56 C', 'uk_nino'],
      ['JG123456D', 'uk_nino'],
    ]);
    expect(found_[0]!.hint).toBe('…1234');
  });

  it('does not read dates or phone-like numbers as SSNs', () => {
    expect(spans(nationalIdDetector, '2024-01-15 415-555-2671 123-45-67890')).toEqual([]);
  });
});

describe('card (groups)', () => {
  it('finds a card next to other numbers', () => {
    expect(spans(cardDetector, ' 4111 1111 1111 1111 0')).toEqual(['4111 1111 1111 1111']);
    expect(spans(cardDetector, 'qty 2 4111-1111-1111-1111 3 pcs')).toEqual(['4111-1111-1111-1111']);
    expect(spans(cardDetector, 'amex 3782 822463 10005 and 12 more')).toEqual(['3782 822463 10005']);
    expect(spans(cardDetector, 'id 4111111111111111 2')).toEqual(['4111111111111111']);
  });

  it('does not assemble cards from single digits or glued groups', () => {
    expect(spans(cardDetector, '4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1')).toEqual([]);
    expect(spans(cardDetector, '4111 1111 1111 1111abc')).toEqual([]);
    expect(spans(cardDetector, '4111 1111 1111 1111.5')).toEqual([]);
  });

  it('stays linear on a long run of short groups', () => {
    expect(spans(cardDetector, '12 '.repeat(100_000))).toEqual([]);
  });
});

describe('card (neighbours)', () => {
  it('finds a card after a token that ends in a digit', () => {
    expect(spans(cardDetector, 'A0 4111 1111 1111 1111 ')).toEqual(['4111 1111 1111 1111']);
    expect(spans(cardDetector, 'v2 4111111111111111')).toEqual(['4111111111111111']);
  });
});
