import { createHash } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import type { SystemActor } from '../access/actor.js';
import type { AuditedWrites } from '../audit/audited-write.js';
import { AppError } from '../platform/errors.js';
import * as repo from './notification.repository.js';
import { type Answer, answerOf, firstLineOf, plainTextOf, replyTokenOf } from './email.parse.js';

/** An answer by e-mail, as a reply handler receives it. */
export interface Reply {
  /** The one-time token of the address it was sent to, spent now. */
  token: string;
  /** What the address was made for: the notice's reply kind and reference (a roll-call's id). */
  kind: string;
  ref: string;
  /** The user the address was sent to. */
  userId: string;
  answer: Answer;
  /** The first line as written. */
  line: string;
  raw: Buffer;
}

export type ReplyHandler = (reply: Reply) => Promise<void>;

/**
 * Replies to notices by e-mail: the address's one-time token names the recipient and what they
 * answer; the first line of the text says what. Handlers are registered by kind (the roll-call's
 * answer is one).
 */
export function emailReplies(deps: { writes: AuditedWrites; server: SystemActor }) {
  const { writes, server } = deps;
  const handlers = new Map<string, ReplyHandler>();

  return {
    /** Hands replies to notices of `kind` to `handler`. */
    on(kind: string, handler: ReplyHandler): void {
      if (handlers.has(kind)) throw new Error(`A reply handler for ${kind} is already registered`);
      handlers.set(kind, handler);
    },

    /**
     * Takes one reply sent to `recipient`: spends its token and calls the kind's handler. A
     * handler that fails gives the token back, so the sender's mail server can try again.
     */
    async receive(recipient: string, raw: Buffer): Promise<Reply> {
      const token = replyTokenOf(recipient);
      if (!token) throw new AppError('reply_token_invalid', 'This address takes no replies');
      const text = plainTextOf(raw);
      const line = text === null ? null : firstLineOf(text);
      const answer = line === null ? null : answerOf(line);
      if (answer === null || line === null)
        throw new AppError('reply_not_understood', 'Reply with "safe" or "need help" on the first line');
      const tokenHash = createHash('sha256').update(token).digest('hex');
      const spent = await writes.write(server, async ({ tx, now, audit }) => {
        const row = await repo.useReplyToken(tx, tokenHash, now.toISOString());
        if (!row) return null;
        await audit({
          action: 'notification.reply_received',
          entityId: row.notice_id,
          fields: ['used_at'],
          details: { kind: row.kind, answer },
        });
        return row;
      });
      if (!spent) throw new AppError('reply_token_invalid', 'This reply address is unknown, used or expired');
      const reply: Reply = {
        token,
        kind: spent.kind,
        ref: spent.ref,
        userId: spent.user_id,
        answer,
        line,
        raw,
      };
      const handler = handlers.get(spent.kind);
      try {
        if (!handler) throw new Error(`No reply handler for ${spent.kind}`);
        await handler(reply);
      } catch (error) {
        await writes.write(server, async ({ tx, audit }) => {
          await tx
            .updateTable('email_reply_tokens')
            .set({ used_at: null })
            .where('token_hash', '=', tokenHash)
            .execute();
          await audit({
            action: 'notification.reply_received',
            entityId: spent.notice_id,
            fields: ['used_at'],
            details: { kind: spent.kind, answer: 'returned' },
          });
        });
        throw error;
      }
      return reply;
    },
  };
}

export type EmailReplies = ReturnType<typeof emailReplies>;

/** The largest reply taken: a few lines of text and the quoted notice, with room for HTML. */
const maxReplyBytes = 256 * 1024;

/**
 * An SMTP listener for replies (`--smtp-inbound-port`): it takes mail only for reply addresses
 * (`reply+TOKEN@…`), refuses others at RCPT TO, and answers after DATA with what became of the
 * reply: accepted, refused for good (550: unknown address, not understood) or for now (451).
 * No AUTH and no STARTTLS: it sits behind the deployment's own mail relay.
 */
export async function listenForReplies(options: {
  port: number;
  host: string;
  receive: (recipient: string, raw: Buffer) => Promise<unknown>;
  log: { warn(object: unknown, message: string): void };
}): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxReplyBytes,
    banner: 'JSMS replies',
    onRcptTo(address, _session, callback) {
      if (replyTokenOf(address.address)) return callback();
      callback(Object.assign(new Error('No such reply address'), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded)
          return callback(Object.assign(new Error('The reply is too large'), { responseCode: 552 }));
        const raw = Buffer.concat(chunks);
        const recipients = session.envelope.rcptTo.map((r) => r.address);
        Promise.all(recipients.map((recipient) => options.receive(recipient, raw))).then(
          () => callback(),
          (error: unknown) => {
            const permanent = error instanceof AppError && error.status < 500;
            if (!permanent) options.log.warn({ err: error }, 'a reply e-mail could not be taken');
            const message = permanent ? error.message : 'Try again later';
            callback(Object.assign(new Error(message), { responseCode: permanent ? 550 : 451 }));
          },
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  server.on('error', (error) => options.log.warn({ err: error }, 'the reply listener failed'));
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
