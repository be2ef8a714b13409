import { beforeAll, describe, expect, it } from 'vitest';
import { exampleAgreement, putAgreementInForce } from '../../test/helpers/agreement.js';
import { partnerRoles, hostRoles, type Viewer } from '../../test/helpers/leak.js';
import { movementPayload } from '../../test/helpers/movement.js';
import { createPerson } from '../../test/helpers/routes.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';

/**
 * The break-glass review queue under the movements' sharing, in the manner of the leak test
 * (test/leak.test.ts): canaries in fields the agreement withholds from the other party, the queue
 * asked by every role of that party with each of its filters, and positive controls that the
 * owners see their canaries there and the other party does see the queue.
 */

// The example, less two movement fields: the partner's purposes are not shared with the host,
// and the host's approvals (break-glass ones among them) are not shared with the partner.
const [toHost, toPartner] = exampleAgreement.split('  hostToPartner:\n');
const withholding =
  toHost!.replace(/(\n {4}movement:\n(?:.*\n)*? {8}purpose: )always\n/, '$1never\n') +
  '  hostToPartner:\n' +
  toPartner!.replace(/(\n {4}movement:\n(?:.*\n)*? {8}approvals: )always\n/, '$1never\n');

const purpose = 'CANARY-PURPOSE-5120 engineers to the embassy';
const justification = 'CANARY-JUSTIFICATION-7730: blast reported near the camp, moving now';
const path = '/api/v1/movements';
const queries = ['', '?status=pending', '?status=overdue', '?status=reviewed', '?limit=1'];

interface Queued {
  movementId: string;
  justification: string | null;
  movement: { id: string; purpose?: string; withheld: string[] };
}

describe('the break-glass queue under an agreement that withholds movement fields', () => {
  const t = useTestApp();
  const ids = { partner: '', host: '' };
  const post = async (who: string, url: string, payload?: object) => {
    const res = await t.request(who, { method: 'POST', url, ...(payload ? { payload } : {}) });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json<{ id: string }>();
  };
  const queue = (who: string, query = '') =>
    t.request(who, { method: 'GET', url: `${path}/break-glass${query}` });
  const items = async (who: string) => (await queue(who)).json<{ items: Queued[] }>().items;

  beforeAll(async () => {
    await putAgreementInForce(t, withholding);
    // The partner's request, its purpose a canary, approved alone by the host's coordinator.
    const traveller = await createPerson(t, 'cso');
    ids.partner = (await post('cso:coordinator', path, movementPayload([traveller], { purpose }))).id;
    await post('cso:coordinator', `${path}/${ids.partner}/submit`);
    await post('ssd:coordinator', `${path}/${ids.partner}/break-glass`, {
      justification: 'The partner asked by phone; its approver is unreachable tonight',
    });
    // The host's request, approved alone by its commander with a canary justification.
    const passenger = await createPerson(t, 'cso');
    ids.host = (await post('ssd:coordinator', path, movementPayload([passenger]))).id;
    await post('ssd:coordinator', `${path}/${ids.host}/submit`);
    await post('ssd:commander', `${path}/${ids.host}/break-glass`, { justification });
  });

  it('is a real variant of the example', () => {
    expect(withholding).not.toBe(exampleAgreement);
    expect(withholding.match(/ {8}purpose: never\n/g)).toHaveLength(1);
    expect(withholding.match(/ {8}approvals: never\n/g)).toHaveLength(1);
    expect(withholding.indexOf('purpose: never')).toBeLessThan(withholding.indexOf('hostToPartner:'));
    expect(withholding.indexOf('approvals: never')).toBeGreaterThan(withholding.indexOf('hostToPartner:'));
  });

  it('shows each owner its canaries in the queue (positive controls)', async () => {
    const partner = await items('cso:coordinator');
    expect(partner.find((i) => i.movementId === ids.partner)?.movement).toMatchObject({ purpose });
    const host = await items('ssd:coordinator');
    expect(host.find((i) => i.movementId === ids.host)).toMatchObject({
      justification,
      movement: { id: ids.host, withheld: [] },
    });
  });

  it("lists the partner's movement to the host without its purpose", async () => {
    const [queued] = (await items('ssd:coordinator')).filter((i) => i.movementId === ids.partner);
    expect(queued).toMatchObject({ movement: { id: ids.partner, state: 'ready' } });
    expect(queued!.movement).not.toHaveProperty('purpose');
    expect(queued!.movement.withheld).toContain('purpose');
  });

  it("leaves the host's break-glass approval out of the partner's queue, its approvals being withheld", async () => {
    const movement = await t.request('cso:coordinator', { method: 'GET', url: `${path}/${ids.host}` });
    expect(movement.json<{ withheld: string[] }>().withheld).toContain('approvals');
    // The partner's queue is not empty: its own movement is there.
    expect((await items('cso:coordinator')).map((i) => i.movementId)).toEqual([ids.partner]);
  });

  it('never shows a canary to any role of the other party, whatever the filter', async () => {
    const sweep: [readonly Viewer[], string][] = [
      [hostRoles, purpose],
      [partnerRoles, justification],
    ];
    let answered = 0;
    for (const [viewers, canary] of sweep)
      for (const viewer of viewers)
        for (const query of queries) {
          const res = await queue(viewer, query);
          expect(res.body, `${viewer} GET break-glass${query}`).not.toContain(canary.slice(0, 20));
          if (res.statusCode === 200) answered++;
        }
    // The coordinators, who may review, were answered, so the sweep saw real queues.
    expect(answered).toBe(2 * queries.length);
  });
});
