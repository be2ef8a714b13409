import { describe, expect, it } from 'vitest';
import { isAppError } from './errors.js';
import { decodeCursor, encodeCursor, pageQuery } from './paging.js';

const b64 = (text: string) => Buffer.from(text).toString('base64url');

function refusal(cursor: string, kinds: ('string' | 'number')[] = ['string', 'string']) {
  try {
    decodeCursor(cursor, kinds);
  } catch (error) {
    if (isAppError(error)) return { code: error.code, details: error.details };
    throw error;
  }
  return 'accepted';
}

describe('the page query', () => {
  it('gives the limit its default when absent, never for an empty value, and one maximum', () => {
    expect(pageQuery.parse({})).toEqual({ limit: 100 });
    expect(pageQuery.safeParse({ limit: '' }).success).toBe(false);
    expect(pageQuery.parse({ limit: '500' }).limit).toBe(500);
    expect(pageQuery.safeParse({ limit: '501' }).success).toBe(false);
  });
});

describe('the paging cursor', () => {
  it('reads back what it wrote: the keys of the last row, of any script', () => {
    for (const keys of [['Zhāng Wěi 张伟', 'a1b2'], ['2024-10-06', 'id-1'], [12345]]) {
      const kinds = keys.map((k) => (typeof k === 'number' ? 'number' : 'string') as 'string' | 'number');
      expect(decodeCursor(encodeCursor(keys), kinds)).toEqual(keys);
    }
  });

  it.each([
    ['text that is not base64 JSON', 'not-a-cursor'],
    ['JSON that is not an array', b64('{"name":"a"}')],
    ['too few keys', b64('["a"]')],
    ['too many keys', b64('["a","b","c"]')],
    ['a key of another kind', b64('["a",1]')],
    ['NUL in a key', b64('["a\\u0000","b"]')],
    ['a control character', b64('["\\u0008","b"]')],
    ['a lone surrogate', b64('["\\ud800","b"]')],
    ['another spelling of the same keys', b64('[ "a", "b" ]')],
    ['an escaped letter', b64('["\\u0061","b"]')],
    ['padding', `${encodeCursor(['a', 'b'])}=`],
  ])('refuses %s with 400 naming after in the query string', (_what, cursor) => {
    expect(refusal(cursor)).toEqual({
      code: 'validation_failed',
      details: { field: 'after', in: 'querystring' },
    });
  });

  it('refuses a number key that is not a whole number a row could hold', () => {
    for (const value of ['1.5', '1e400', '9007199254740993', '"7"', '-0.0']) {
      expect(refusal(b64(`[${value}]`), ['number'])).toMatchObject({ code: 'validation_failed' });
    }
  });
});
