import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  hotp,
  matchTotp,
  otpauthUri,
  stepAt,
  totpAt,
} from './totp.js';

const rfcSecret = Buffer.from('12345678901234567890', 'ascii');
const at = (seconds: number) => new Date(seconds * 1000);

describe('TOTP (RFC 6238 over RFC 4226)', () => {
  it.each([
    // RFC 6238 Appendix B, the SHA-1 column: Unix time and the 8-digit code.
    [59, 1, '94287082'],
    [1111111109, 0x23523ec, '07081804'],
    [1111111111, 0x23523ed, '14050471'],
    [1234567890, 0x273ef07, '89005924'],
    [2000000000, 0x3f940aa, '69279037'],
    [20000000000, 0x27bc86aa, '65353130'],
  ])('at T=%i (step %i) the SHA-1 code is %s', (seconds, step, code) => {
    expect(stepAt(at(seconds))).toBe(step);
    expect(hotp(rfcSecret, stepAt(at(seconds)), 8)).toBe(code);
  });

  it.each([
    // RFC 4226 Appendix D: HOTP values for counters 0..9 of the same secret.
    [0, '755224'],
    [1, '287082'],
    [2, '359152'],
    [3, '969429'],
    [4, '338314'],
    [5, '254676'],
    [6, '287922'],
    [7, '162583'],
    [8, '399871'],
    [9, '520489'],
  ])('HOTP counter %i gives %s (RFC 4226)', (counter, code) => {
    expect(hotp(rfcSecret, counter)).toBe(code);
  });

  it('shows the code of the current 30-second step', () => {
    const secret = base32Encode(rfcSecret);
    expect(totpAt(secret, at(59))).toBe('287082');
    expect(totpAt(secret, at(60))).toBe(hotp(rfcSecret, 2));
    expect(totpAt(secret, at(89.999))).toBe(hotp(rfcSecret, 2));
  });

  describe('base32', () => {
    it('encodes the RFC 4648 test vectors (without padding)', () => {
      const vectors: [string, string][] = [
        ['', ''],
        ['f', 'MY'],
        ['fo', 'MZXQ'],
        ['foo', 'MZXW6'],
        ['foob', 'MZXW6YQ'],
        ['fooba', 'MZXW6YTB'],
        ['foobar', 'MZXW6YTBOI'],
      ];
      for (const [plain, encoded] of vectors) {
        expect(base32Encode(Buffer.from(plain))).toBe(encoded);
        expect(base32Decode(encoded).toString()).toBe(plain);
      }
      expect(base32Encode(rfcSecret)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    });

    it('round-trips every length up to 40 bytes', () => {
      for (let length = 0; length <= 40; length++) {
        const bytes = Buffer.from(Array.from({ length }, (_, i) => (i * 97 + length * 31) & 255));
        expect(base32Decode(base32Encode(bytes)).equals(bytes), `length ${length}`).toBe(true);
      }
    });

    it('reads lower case, spaces and padding as authenticator apps print them', () => {
      expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar');
    });

    it('refuses characters outside the alphabet', () => {
      expect(() => base32Decode('MZXW1')).toThrow();
      expect(() => base32Decode('MZXW8')).toThrow();
    });

    it('makes 160-bit secrets', () => {
      const secret = generateTotpSecret();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(base32Decode(secret)).toHaveLength(20);
      expect(generateTotpSecret()).not.toBe(secret);
    });
  });

  describe('matchTotp', () => {
    const secret = base32Encode(rfcSecret);
    const now = at(1111111111);
    const step = stepAt(now);
    const codeAt = (s: number) => hotp(rfcSecret, s);

    it.each([
      [-2, null],
      [-1, -1],
      [0, 0],
      [1, 1],
      [2, null],
    ])('a code from step %i away matches as %s', (offset, matched) => {
      expect(matchTotp(secret, codeAt(step + offset), now, null)).toBe(
        matched === null ? null : step + matched,
      );
    });

    it('refuses a code from a step already used, or any before it', () => {
      expect(matchTotp(secret, codeAt(step), now, step)).toBeNull();
      expect(matchTotp(secret, codeAt(step), now, step + 1)).toBeNull();
      expect(matchTotp(secret, codeAt(step - 1), now, step - 1)).toBeNull();
      // Once the current step is used, the next one is still open.
      expect(matchTotp(secret, codeAt(step + 1), now, step)).toBe(step + 1);
      expect(matchTotp(secret, codeAt(step), now, step - 1)).toBe(step);
    });

    it('refuses a replay of the code just accepted', () => {
      const code = totpAt(secret, now);
      const used = matchTotp(secret, code, now, null);
      expect(used).toBe(step);
      expect(matchTotp(secret, code, now, used)).toBeNull();
      expect(matchTotp(secret, code, at(1111111111 + 25), used)).toBeNull();
    });

    it.each(['', '12345', '1234567', '14050471', 'abcdef', ' 50471', '050471 '])(
      'refuses the malformed code %j',
      (code) => {
        expect(matchTotp(secret, code, now, null)).toBeNull();
      },
    );

    it('refuses a wrong code and a code of another secret', () => {
      const wrong = String((Number(codeAt(step)) + 1) % 1_000_000).padStart(6, '0');
      expect(matchTotp(secret, wrong, now, null)).toBeNull();
      const other = base32Encode(Buffer.from('another secret 12345'));
      expect(matchTotp(other, codeAt(step), now, null)).toBeNull();
    });
  });

  it('writes an otpauth URI naming the parameters the codes use', () => {
    const uri = new URL(otpauthUri('GEZDGNBVGY3TQOJQ', 'ssd-admin'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/JSMS:ssd-admin');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret: 'GEZDGNBVGY3TQOJQ',
      issuer: 'JSMS',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});
