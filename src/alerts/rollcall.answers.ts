import { z } from 'zod';
import type { Actor } from '../access/actor.js';
import { hashPassword, verifyPassword } from '../access/passwords.js';
import type { AuditedWrites } from '../audit/audited-write.js';
import type { Db, Tx } from '../database.js';
import type { FieldCipher } from '../platform/encryption.js';
import { AppError, forbidden, notFound, validationFailed } from '../platform/errors.js';
import type { Subject } from '../tracking/live-index.js';
import type { Answer, AnswerChannel } from './rollcall.js';
import { presentQuestion, type PresentedQuestion } from './rollcall.presenter.js';
import * as repo from './rollcall.repository.js';
import type { RollcallRow, RollcallSubjectRow } from './rollcall.tables.js';

/** A PIN: four to eight digits. */
export const pinInput = z.string().regex(/^[0-9]{4,8}$/, 'four to eight digits');

/** A one-time link's token: 48 hex digits. */
export const linkTokenInput = z.string().regex(/^[0-9a-f]{48}$/, 'not a roll-call link');

/** The same fields for every answer, under duress or not: the audit entry does not tell them apart. */
const answerFields = ['answer', 'answered_at', 'answered_via', 'answered_by', 'duress'];

/**
 * Answers to roll-calls: the person themself (one tap in the app, or the API, optionally with
 * their PIN), staff on a person's behalf (recorded as such), and the one-time link or an e-mail
 * reply (`answerByToken`). A duress PIN records duress and raises the silent alarm
 * (`rollcall.duress`) in the same write, while the person is shown exactly what a safe answer
 * shows them.
 */
export function rollcallAnswers(deps: {
  db: Db;
  writes: AuditedWrites;
  cipher: FieldCipher;
  /** The person a user is (users.person_id), or null. */
  personOf: (userId: string) => Promise<string | null>;
  hashPin?: (pin: string) => Promise<string>;
}) {
  const { db, writes, cipher, personOf, hashPin = hashPassword } = deps;

  /** The person the actor is; a user linked to none has no questions and no PINs: not found. */
  async function personOfActor(actor: Actor, missing: () => AppError): Promise<string> {
    const personId = actor.type === 'user' ? await personOf(actor.id) : null;
    if (!personId) throw missing();
    return personId;
  }

  /** Whether the PIN is the person's duress PIN; throws when it is neither of theirs. */
  async function isDuress(personId: string, pin: string): Promise<boolean> {
    const pins = await repo.findPins(db, personId);
    if (!pins)
      throw new AppError('rollcall_pin_invalid', 'No PIN is set; answer without one', {
        field: 'pin',
        in: 'body',
      });
    // Both are checked every time, so the time taken does not tell which one matched.
    const [plain, duress] = await Promise.all([
      verifyPassword(pins.pin_hash, pin),
      verifyPassword(pins.duress_hash, pin),
    ]);
    if (!plain && !duress)
      throw new AppError('rollcall_pin_invalid', 'The PIN is not right', { field: 'pin', in: 'body' });
    return duress;
  }

  function assertOpen(
    rollcall: RollcallRow | undefined,
    now: Date,
    code: 'rollcall_closed' | 'rollcall_link_invalid',
  ) {
    if (!rollcall) throw notFound('rollcall_not_found', 'Roll-call');
    if (rollcall.status !== 'open' || now.toISOString() >= rollcall.closes_at)
      throw new AppError(
        code,
        code === 'rollcall_closed' ? 'The roll-call is closed' : 'This link has expired',
      );
  }

  /** Stores an answer in the write's transaction and publishes it; the question as its person sees it. */
  async function record(
    tx: Tx,
    now: Date,
    scope: {
      audit: Parameters<Parameters<AuditedWrites['write']>[1]>[0]['audit'];
      publish: Parameters<Parameters<AuditedWrites['write']>[1]>[0]['publish'];
    },
    rollcall: RollcallRow,
    row: RollcallSubjectRow,
    answer: { answer: Answer; via: AnswerChannel; by: string | null; duress: boolean },
  ): Promise<PresentedQuestion> {
    const subject: Subject = { type: row.subject_type, id: row.subject_id };
    // Duress stays once given: a second answer forced from the person does not clear the alarm.
    const duress = row.duress === 1 || answer.duress;
    const changes = {
      answer: answer.answer,
      duress: duress ? 1 : 0,
      // Accounted for from the first answer: a change of answer does not move them on the curve.
      answered_at: row.answered_at ?? now.toISOString(),
      answered_via: answer.via,
      answered_by: answer.by,
    };
    await repo.updateSubject(tx, rollcall.id, subject, changes);
    await scope.audit({
      action: 'rollcall.answered',
      entityId: rollcall.id,
      partyId: row.party_id,
      fields: answerFields,
    });
    if (answer.duress)
      scope.publish('rollcall.duress', {
        rollcallId: rollcall.id,
        subject,
        partyId: row.party_id,
        at: now.toISOString(),
      });
    scope.publish('rollcall.answered', {
      rollcallId: rollcall.id,
      subject,
      partyId: row.party_id,
      answer: answer.answer,
      via: answer.via,
      onBehalfBy: answer.via === 'staff' ? answer.by : null,
    });
    return presentQuestion(rollcall, { ...row, ...changes });
  }

  /** The question a link holds, without using it (a mail scanner's GET must not answer). */
  async function byToken(token: string): Promise<{ rollcall: RollcallRow; row: RollcallSubjectRow }> {
    const row = await repo.subjectByLink(db, cipher.blindIndex(token));
    if (!row || row.link_used_at)
      throw new AppError('rollcall_link_invalid', 'This link has been used or is not valid');
    const rollcall = (await repo.findRollcall(db, row.rollcall_id))!;
    return { rollcall, row };
  }

  return {
    /** The person themself: one tap in the app (a session) or the API (a token); a PIN if they set one. */
    async answerOwn(actor: Actor, rollcallId: string, input: { answer: Answer; pin?: string | undefined }) {
      const personId = await personOfActor(actor, () => notFound('rollcall_not_found', 'Roll-call'));
      const subject: Subject = { type: 'person', id: personId };
      const duress = input.pin === undefined ? false : await isDuress(personId, input.pin);
      const via: AnswerChannel = actor.type === 'user' && actor.via === 'session' ? 'app' : 'api';
      return writes.write(actor, async ({ tx, now, audit, publish }) => {
        const [rollcall, row] = await Promise.all([
          repo.findRollcall(tx, rollcallId),
          repo.findSubject(tx, rollcallId, subject),
        ]);
        if (!row) throw notFound('rollcall_not_found', 'Roll-call');
        assertOpen(rollcall, now, 'rollcall_closed');
        return record(tx, now, { audit, publish }, rollcall!, row, {
          answer: input.answer,
          via,
          by: actor.id,
          duress,
        });
      });
    },

    /** Staff of the subject's own party answer for them, recorded as on their behalf. */
    async answerFor(actor: Actor, rollcallId: string, subject: Subject, answer: Answer) {
      return writes.write(actor, async ({ tx, now, audit, publish }) => {
        const [rollcall, row] = await Promise.all([
          repo.findRollcall(tx, rollcallId),
          repo.findSubject(tx, rollcallId, subject),
        ]);
        if (!rollcall) throw notFound('rollcall_not_found', 'Roll-call');
        if (!row)
          throw validationFailed('subjectId', 'This subject is not expected in the roll-call', 'params');
        if (actor.type !== 'system' && row.party_id !== actor.partyId)
          throw forbidden("Only the subject's own party answers for them", {
            clause: 'ownership',
            party: row.party_id,
          });
        assertOpen(rollcall, now, 'rollcall_closed');
        await record(tx, now, { audit, publish }, rollcall, row, {
          answer,
          via: 'staff',
          by: actor.id,
          duress: false,
        });
        return { rollcallId, subject, answer, answeredBy: actor.id };
      });
    },

    /** The question behind a one-time link, as its person sees it; the link stays unused. */
    async questionByToken(token: string): Promise<PresentedQuestion> {
      const { rollcall, row } = await byToken(token);
      return presentQuestion(rollcall, row);
    },

    /**
     * Answers through a one-time link or an e-mail reply carrying its token: once, while the
     * roll-call is open. The inbound mail listener calls it with `via` 'email'.
     */
    async answerByToken(
      token: string,
      answer: Answer,
      via: 'link' | 'email' = 'link',
    ): Promise<PresentedQuestion> {
      const { row: found } = await byToken(token);
      return writes.write(null, async ({ tx, now, audit, publish }) => {
        const rollcall = await repo.findRollcall(tx, found.rollcall_id);
        assertOpen(rollcall, now, 'rollcall_link_invalid');
        const subject: Subject = { type: found.subject_type, id: found.subject_id };
        if (!(await repo.useLink(tx, found.rollcall_id, subject, now.toISOString())))
          throw new AppError('rollcall_link_invalid', 'This link has been used or is not valid');
        const row = (await repo.findSubject(tx, found.rollcall_id, subject))!;
        return record(tx, now, { audit, publish }, rollcall!, row, { answer, via, by: null, duress: false });
      });
    },

    /**
     * Answers from a reply to the roll-call's e-mail: its one-time address named the user, who
     * answers as their person, recorded via 'email'.
     */
    async answerByEmail(userId: string, rollcallId: string, answer: Answer): Promise<PresentedQuestion> {
      const personId = await personOf(userId);
      if (!personId) throw notFound('rollcall_not_found', 'Roll-call');
      const subject: Subject = { type: 'person', id: personId };
      return writes.write(null, async ({ tx, now, audit, publish }) => {
        const [rollcall, row] = await Promise.all([
          repo.findRollcall(tx, rollcallId),
          repo.findSubject(tx, rollcallId, subject),
        ]);
        if (!row) throw notFound('rollcall_not_found', 'Roll-call');
        assertOpen(rollcall, now, 'rollcall_closed');
        return record(tx, now, { audit, publish }, rollcall!, row, {
          answer,
          via: 'email',
          by: userId,
          duress: false,
        });
      });
    },

    /** Sets the person's answer PIN and duress PIN, hashed like passwords. */
    async setPins(actor: Actor, input: { pin: string; duressPin: string }): Promise<void> {
      const personId = await personOfActor(actor, () => notFound('person_not_found', 'Person'));
      if (input.pin === input.duressPin)
        throw validationFailed('duressPin', 'The duress PIN must differ from the PIN');
      const [pinHash, duressHash] = await Promise.all([hashPin(input.pin), hashPin(input.duressPin)]);
      await writes.write(actor, async ({ tx, now, audit }) => {
        await repo.savePins(tx, {
          person_id: personId,
          pin_hash: pinHash,
          duress_hash: duressHash,
          updated_at: now.toISOString(),
        });
        await audit({ action: 'rollcall_pin.set', entityId: personId, fields: ['pin_hash', 'duress_hash'] });
      });
    },
  };
}

export type RollcallAnswers = ReturnType<typeof rollcallAnswers>;
