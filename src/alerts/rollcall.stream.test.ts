import { describe, expect, it } from 'vitest';
import { putAgreementInForce } from '../../test/helpers/agreement.js';
import { system } from '../../test/helpers/app.js';
import { StreamClient } from '../../test/helpers/leak-live.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';

const t = useTestApp({
  setup: async (app) => {
    await putAgreementInForce(app);
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    await app.services.eventFollower.start();
  },
});

type RollcallFrame = {
  type: string;
  event?: string;
  question?: Record<string, unknown>;
  rollcall?: { id: string; totals: Record<string, number> };
};

function client(who: string) {
  const { port } = t.app.server.address() as { port: number };
  return new StreamClient(`ws://127.0.0.1:${port}/api/v1/stream`, t.users[who]!.token);
}

const rollcallFrames = (c: StreamClient) =>
  c.texts.map((text) => JSON.parse(text) as RollcallFrame).filter((f) => f.type === 'rollcall');

describe('roll-call frames on the stream', () => {
  it('asks each connected person their own question only, and gives staff of both parties the counts', async () => {
    const site = await t.services.sites.create(system, {
      partyId: 'cso',
      name: 'Camp',
      kind: 'camp',
      lat: 33.7,
      lon: 73.05,
      protectionLevel: 3,
    });
    const person = await t.services.persons.create(system, {
      partyId: 'cso',
      name: 'Engineer',
      nationality: 'CN',
      status: 'in_country',
      siteId: site.id,
    });
    await t.db
      .updateTable('users')
      .set({ person_id: person.id })
      .where('id', '=', t.users['cso:person']!.id)
      .execute();
    await t.request('cso:person', {
      method: 'PUT',
      url: '/api/v1/me/rollcall-pins',
      payload: { pin: '2468', duressPin: '1357' },
    });
    const viewers = ['cso:person', 'cso:coordinator', 'ssd:coordinator', 'ssd:observer'];
    const clients = new Map(viewers.map((who) => [who, client(who)]));
    for (const c of clients.values()) await c.until((f) => f.length > 0, 'the snapshot');
    // The person's snapshot holds no one: the live picture is staff's.
    expect(clients.get('cso:person')!.frames[0]).toMatchObject({ type: 'snapshot', subjects: [] });

    const ids: string[] = [];
    for (const pin of ['2468', '1357']) {
      const started = await t.request('cso:coordinator', {
        method: 'POST',
        url: '/api/v1/rollcalls',
        payload: { siteId: site.id },
      });
      const id = started.json<{ id: string }>().id;
      ids.push(id);
      await t.request('cso:person', {
        method: 'POST',
        url: `/api/v1/rollcalls/${id}/answer`,
        payload: { answer: 'safe', pin },
      });
    }
    const asked = clients.get('cso:person')!;
    await asked.until(
      (f) => f.filter((x) => x.type === 'rollcall').length === 4,
      'the questions and answers',
    );
    const coordinator = clients.get('ssd:coordinator')!;
    await coordinator.until(
      (f) => f.filter((x) => x.type === 'rollcall').length === 5,
      'started, answered, duress, answered, started',
    );
    for (const c of clients.values()) await c.close();

    // The person: the question, then their answer, for each; the duress one the same as the other.
    const own = rollcallFrames(asked);
    expect(own.map((f) => [f.event, f.question!.answer])).toEqual([
      ['rollcall.started', null],
      ['rollcall.answered', 'safe'],
      ['rollcall.started', null],
      ['rollcall.answered', 'safe'],
    ]);
    const same = (f: RollcallFrame) => ({ ...f, seq: 0, question: { ...f.question, rollcallId: 'x' } });
    expect(same(own[3]!)).toEqual(same(own[1]!));
    expect(own.every((f) => f.rollcall === undefined)).toBe(true);
    // Staff of both parties: counts only, the duress one as needing help.
    for (const who of ['cso:coordinator', 'ssd:coordinator', 'ssd:observer']) {
      const frames = rollcallFrames(clients.get(who)!);
      expect(
        frames.every((f) => f.question === undefined && f.rollcall !== undefined),
        who,
      ).toBe(true);
      const last = frames.filter((f) => f.rollcall!.id === ids[1]).at(-1)!;
      expect(last.rollcall!.totals, who).toMatchObject({ expected: 1, needHelp: 1, safe: 0 });
    }
  });
});
