import { beforeAll, describe, expect, it } from 'vitest';
import { system } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { login } from '../../test/helpers/routes.js';
import { type AuditEntry, hashEntry } from './audit.js';
import * as repo from './audit.repository.js';
import { leafHash } from './merkle.js';

// Issue 7, finding 6: a partner observer sees the next entry's previous hash, and the sibling
// hashes of an inclusion proof, of an entry the agreement hides from it, such as a host user's
// sign-in. On the landed code that hash committed to nothing the observer could not guess: the
// host's users times the minutes of a day is a few ten thousand hashes. Each entry now commits
// to a secret random salt, given only to those who may see the entry.

const t = useTestApp();
/** The hidden host sign-in, as stored, and the partner entries either side of it. */
let hidden: AuditEntry;
let before: AuditEntry;
let after: AuditEntry;
let treeSize: number;
/** Everything the partner observer received from the audit routes. */
let received: string[];

interface Entry {
  seq: number;
  hash: string;
  prevHash: string;
  salt: string | null;
}

beforeAll(async () => {
  // Partner entries either side of a host sign-in at 10:37, with the sign-in at an even-odd pair
  // position so that the partner's entry and the hidden one are Merkle siblings.
  const partnerToken = () =>
    t.services.tokens.createApiToken(system, { userId: t.users['cso:analyst']!.id, name: 'report script' });
  if ((await repo.readHead(t.db)).nextSeq % 2 === 1) await partnerToken();
  await partnerToken();
  t.clock.advance(Date.parse('2026-11-28T10:37:00.000Z') - t.clock.now().getTime());
  expect((await login(t, 'ssd-coordinator')).statusCode).toBe(201);
  await partnerToken();
  const head = (await repo.readHead(t.db)).nextSeq;
  [before, hidden, after] = (await repo.readEntries(t.db, head - 3, 3)) as [
    AuditEntry,
    AuditEntry,
    AuditEntry,
  ];
  expect(hidden).toMatchObject({ action: 'user.signed_in', partyId: 'ssd' });
  expect(before!.seq % 2).toBe(0);
  treeSize = (await t.services.audit.checkpoint(system)).treeSize;

  received = [];
  const get = async (url: string) => {
    const res = await t.request('cso:observer', { method: 'GET', url });
    expect(res.statusCode, url).toBe(200);
    received.push(res.body);
    return res.json<Record<string, unknown>>();
  };
  await get('/api/v1/audit?limit=500');
  await get(`/api/v1/audit?entityType=user&limit=500`);
  await get(`/api/v1/audit?entityId=${t.users['ssd:coordinator']!.id}`);
  await get('/api/v1/audit/checkpoints');
  await get(`/api/v1/audit/checkpoints/${treeSize}`);
  await get(`/api/v1/audit/checkpoints/${treeSize}/consistency?from=${hidden.seq}`);
  await get(`/api/v1/audit/checkpoints/${treeSize}/consistency?from=${hidden.seq + 1}`);
  for (const seq of [before.seq, after.seq]) {
    await get(`/api/v1/audit/entries/${seq}/proof?treeSize=${treeSize}`);
  }
});

/** Every sign-in entry the observer can imagine at that seq: each host user, each minute of the day. */
function* guesses(salt: string | null): Generator<string> {
  const hostUsers = Object.values(t.users).filter((u) => u.partyId === 'ssd');
  for (const user of hostUsers) {
    for (let minute = 0; minute < 24 * 60; minute++) {
      const at = new Date(Date.parse('2026-11-28T00:00:00.000Z') + minute * 60_000).toISOString();
      for (const fields of [[], ['totp_last_step']]) {
        yield hashEntry({
          seq: before.seq + 1,
          at,
          actorType: 'user',
          actorId: user.id,
          partyId: 'ssd',
          action: 'user.signed_in',
          entityType: 'user',
          entityId: user.id,
          fields,
          prevHash: before.hash,
          salt,
        });
      }
    }
  }
}

/** What the observer holds of the hidden entry: the next entry's prevHash, and a proof sibling. */
function observedHashes() {
  const listed = JSON.parse(received[0]!) as { items: Entry[] };
  const next = listed.items.find((e) => e.seq === after.seq)!;
  expect(listed.items.some((e) => e.seq === hidden.seq)).toBe(false);
  const proof = JSON.parse(received.at(-2)!) as { proof: string[] };
  return { prevHash: next.prevHash, proofSiblings: new Set(proof.proof) };
}

describe('the salted chain hides what a hash commits to', () => {
  it('shows the observer the hidden entry’s hash, as the next link and as a proof sibling', () => {
    const { prevHash, proofSiblings } = observedHashes();
    expect(prevHash).toBe(hidden.hash);
    expect(proofSiblings.has(leafHash(Buffer.from(hidden.hash, 'hex')).toString('hex'))).toBe(true);
  });

  it('lets no guess over users and minutes match it without the salt', () => {
    const { prevHash, proofSiblings } = observedHashes();
    let tried = 0;
    for (const guess of guesses(null)) {
      tried += 1;
      expect(guess).not.toBe(prevHash);
      expect(proofSiblings.has(leafHash(Buffer.from(guess, 'hex')).toString('hex'))).toBe(false);
    }
    // Five host users, 1,440 minutes, with or without a second factor.
    expect(tried).toBe(5 * 24 * 60 * 2);
  });

  it('matches with the salt (positive control: the guess space holds the entry)', () => {
    const matches = [...guesses(hidden.salt)].filter((g) => g === hidden.hash);
    expect(matches).toHaveLength(1);
  });

  it('would have matched on the landed code, whose entries had no salt', () => {
    // The same entry hashed as it was before salting: one guess finds it.
    const unsalted = hashEntry({ ...hidden, salt: null });
    expect([...guesses(null)].filter((g) => g === unsalted)).toHaveLength(1);
  });

  it('never gives the observer the salt of the hidden entry, and gives it its own entries’ salts', () => {
    expect(hidden.salt).toMatch(/^[0-9a-f]{32}$/);
    for (const body of received) expect(body).not.toContain(hidden.salt);
    const listed = JSON.parse(received[0]!) as { items: Entry[] };
    expect(listed.items.find((e) => e.seq === after.seq)!.salt).toBe(after.salt);
  });

  it('gives the host its own entry with the salt', async () => {
    const res = await t.request('ssd:observer', { method: 'GET', url: '/api/v1/audit?limit=500' });
    const mine = res.json<{ items: Entry[] }>().items.find((e) => e.seq === hidden.seq);
    expect(mine?.salt).toBe(hidden.salt);
  });
});
