import { randomBytes, randomUUID } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import type { AuditedWrites } from '../audit/audited-write.js';
import type { Db } from '../database.js';
import type { FieldCipher } from '../platform/encryption.js';
import { forbidden, notFound, validationFailed } from '../platform/errors.js';
import type { NoticeKind } from './notification.js';
import * as repo from './notification.repository.js';
import type { WebhookRow } from './notification.tables.js';
import { isWebhookUrl } from './webhook.js';

export interface NewWebhook {
  url: string;
  kinds: NoticeKind[];
  description?: string | undefined;
}

/** A webhook as the API shows it: never its secret. */
export function presentWebhook(row: WebhookRow) {
  return {
    id: row.id,
    partyId: row.party_id,
    url: row.url,
    description: row.description,
    kinds: JSON.parse(row.kinds) as NoticeKind[],
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** The party an admin manages webhooks for: their own; nobody else's. */
function partyManaged(actor: Actor): string {
  if (actor.type === 'user' && actor.roles.includes('admin')) return actor.partyId;
  if (actor.type === 'system' && actor.partyId) return actor.partyId;
  throw forbidden('Only an admin manages their party’s webhooks', { roles: ['admin'] });
}

/** Each party's webhook endpoints, registered by its admins; the secret is shown once, at creation. */
export function webhookService(deps: { db: Db; writes: AuditedWrites; cipher: FieldCipher }) {
  const { db, writes, cipher } = deps;
  return {
    async create(actor: Actor, input: NewWebhook) {
      const partyId = partyManaged(actor);
      if (!isWebhookUrl(input.url))
        throw validationFailed('url', 'An http:// or https:// URL without a user name or password');
      const secret = `whsec_${randomBytes(24).toString('base64url')}`;
      return writes.write(actor, async ({ tx, now, audit }) => {
        const row: WebhookRow = {
          id: randomUUID(),
          party_id: partyId,
          url: input.url,
          description: input.description ?? null,
          kinds: JSON.stringify([...new Set(input.kinds)]),
          secret_enc: cipher.encrypt(secret),
          created_by: actor.id,
          created_at: now.toISOString(),
          deleted_at: null,
        };
        await repo.insertWebhook(tx, row);
        await audit({
          action: 'webhook.created',
          entityId: row.id,
          partyId,
          fields: ['url', 'description', 'kinds', 'secret_enc'],
        });
        return { webhook: presentWebhook(row), secret };
      });
    },

    async list(actor: Actor) {
      const partyId = partyManaged(actor);
      return (await repo.activeWebhooks(db, [partyId])).map(presentWebhook);
    },

    /** Stops deliveries to the endpoint; its past deliveries stay in the log. */
    async remove(actor: Actor, id: string): Promise<void> {
      const partyId = partyManaged(actor);
      const row = await repo.findWebhook(db, id);
      if (!row || row.party_id !== partyId || row.deleted_at) throw notFound('webhook_not_found', 'Webhook');
      await writes.write(actor, async ({ tx, now, audit }) => {
        await repo.markWebhookDeleted(tx, id, now.toISOString());
        await audit({ action: 'webhook.deleted', entityId: id, partyId, fields: ['deleted_at'] });
      });
    },
  };
}

export type WebhookService = ReturnType<typeof webhookService>;
