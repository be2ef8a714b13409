import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { putAgreementInForce } from '../../test/helpers/agreement.js';
import { auditEntries } from '../../test/helpers/app.js';
import { createPerson, expectError } from '../../test/helpers/routes.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { retryDelayMs } from '../platform/scheduler.js';
import { signatureHeader, verifySignature } from './webhook.js';

/** A party's receiver: it fails the first two requests, then takes the rest. */
const requests: { headers: IncomingHttpHeaders; body: string }[] = [];
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.statusCode = requests.length <= 2 ? 503 : 204;
    res.end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/jsms`;
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

const t = useTestApp({ setup: (app) => putAgreementInForce(app) });

describe('webhooks', () => {
  let secret = '';
  let webhookId = '';

  it('lets an admin register one for their party, showing the secret once; others may not', async () => {
    expectError(await t.request(null, { method: 'GET', url: '/api/v1/webhooks' }), 401, 'unauthenticated');
    expectError(
      await t.request('cso:coordinator', {
        method: 'POST',
        url: '/api/v1/webhooks',
        payload: { url: receiverUrl },
      }),
      403,
      'forbidden',
    );
    expectError(
      await t.request('cso:admin', {
        method: 'POST',
        url: '/api/v1/webhooks',
        payload: { url: 'ftp://x.test/' },
      }),
      400,
      'validation_failed',
      'body.url',
    );
    const res = await t.request('cso:admin', {
      method: 'POST',
      url: '/api/v1/webhooks',
      payload: { url: receiverUrl, kinds: ['alert'], description: 'Operations room' },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.webhook).toMatchObject({ partyId: 'cso', url: receiverUrl, kinds: ['alert'] });
    secret = created.secret;
    webhookId = created.webhook.id;
    // Stored encrypted; never listed again.
    const row = await t.db
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', webhookId)
      .executeTakeFirstOrThrow();
    expect(row.secret_enc).not.toContain(secret);
    const list = await t.request('cso:admin', { method: 'GET', url: '/api/v1/webhooks' });
    expect(list.json().items).toEqual([created.webhook]);
    expect(list.body).not.toContain(secret);
    expect((await t.request('ssd:admin', { method: 'GET', url: '/api/v1/webhooks' })).json().items).toEqual(
      [],
    );
    const [entry] = await auditEntries(t.db, 'webhook.created');
    expect(entry).toMatchObject({ entity_id: webhookId, party_id: 'cso' });
  });

  it('delivers a signed JSON body on the scheduler, retried with growing delays until it is taken, each attempt logged', async () => {
    const personId = await createPerson(t, 'cso', 'Zhang Engineer');
    const noticeId = await t.services.notifications.notify(
      {
        kind: 'alert',
        severity: 'sos',
        event: { name: 'alert.raised', ref: 'sos-1' },
        subject: { type: 'person', id: personId, partyId: 'cso' },
        template: 'alert.sos',
      },
      { parties: [{ partyId: 'cso', roles: ['coordinator'] }] },
    );
    await t.services.scheduler.runDue();
    expect(requests).toHaveLength(1);
    // Not yet due again: the first retry waits retryDelayMs(1).
    t.clock.advance(retryDelayMs(1) - 1_000);
    await t.services.scheduler.runDue();
    expect(requests).toHaveLength(1);
    t.clock.advance(1_000);
    await t.services.scheduler.runDue();
    expect(requests).toHaveLength(2);
    t.clock.advance(retryDelayMs(2));
    await t.services.scheduler.runDue();
    expect(requests).toHaveLength(3);
    t.clock.advance(retryDelayMs(3));
    expect(await t.services.scheduler.runDue()).toBe(0);

    const bodies = new Set(requests.map((r) => r.body));
    expect(bodies.size).toBe(1);
    const last = requests[2]!;
    expect(last.headers['content-type']).toBe('application/json');
    const header = String(last.headers[signatureHeader]);
    expect(verifySignature(secret, header, last.body, t.clock.now(), 3_600)).toBe(true);
    expect(verifySignature('whsec_wrong', header, last.body, t.clock.now(), 3_600)).toBe(false);
    const body = JSON.parse(last.body);
    expect(body).toMatchObject({
      notice: noticeId,
      kind: 'alert',
      severity: 'sos',
      subject: { type: 'person', id: personId, partyId: 'cso', name: 'Zhang Engineer' },
      title: 'SOS: Zhang Engineer',
    });
    expect(last.headers['x-jsms-delivery']).toBe(body.delivery);

    const log = await t.request('cso:admin', {
      method: 'GET',
      url: `/api/v1/notifications/deliveries?channel=webhook&noticeId=${noticeId}`,
    });
    expect(log.statusCode).toBe(200);
    const [delivery] = log.json().items;
    expect(delivery).toMatchObject({ webhookId, address: receiverUrl, status: 'delivered', partyId: 'cso' });
    expect(delivery.attempts.map((a: { ok: boolean; statusCode: number }) => [a.ok, a.statusCode])).toEqual([
      [false, 503],
      [false, 503],
      [true, 204],
    ]);
    expect(delivery.attempts[0].error).toBe('the receiver answered 503');
    expect(delivery.attempts.every((a: { durationMs: number }) => a.durationMs >= 0)).toBe(true);
    // The other party's admin does not see this party's deliveries.
    const other = await t.request('ssd:admin', {
      method: 'GET',
      url: `/api/v1/notifications/deliveries?noticeId=${noticeId}`,
    });
    expect(other.json().items).toEqual([]);
  });

  it('sends nothing for kinds the webhook did not ask for, and nothing once deleted', async () => {
    requests.length = 0;
    const personId = await createPerson(t, 'cso', 'Chen Engineer');
    const notice = {
      kind: 'movement' as const,
      severity: 'info' as const,
      event: { name: 'movement.changed', ref: 'x' },
      subject: { type: 'person' as const, id: personId, partyId: 'cso' },
      template: 'alert.raised',
    };
    await t.services.notifications.notify(notice, { parties: [{ partyId: 'cso', roles: ['coordinator'] }] });
    await t.services.scheduler.runDue();
    expect(requests).toHaveLength(0);
    expectError(
      await t.request('ssd:admin', { method: 'DELETE', url: `/api/v1/webhooks/${webhookId}` }),
      404,
      'webhook_not_found',
    );
    const res = await t.request('cso:admin', { method: 'DELETE', url: `/api/v1/webhooks/${webhookId}` });
    expect(res.statusCode).toBe(204);
    await t.services.notifications.notify(
      { ...notice, kind: 'alert' },
      { parties: [{ partyId: 'cso', roles: ['coordinator'] }] },
    );
    await t.services.scheduler.runDue();
    expect(requests).toHaveLength(0);
    expect((await t.request('cso:admin', { method: 'GET', url: '/api/v1/webhooks' })).json().items).toEqual(
      [],
    );
  });
});
