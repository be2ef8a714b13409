import type { Db } from '../database.js';
import { inTransaction } from '../platform/db/transaction.js';
import type { FieldCipher } from '../platform/encryption.js';
import { matchTotp } from './totp.js';
import { claimTotpStep, type User } from './user.repository.js';

/** The one check of a user's authenticator code: at sign-in and wherever an action asks for a fresh one. */
export function secondFactorService(deps: { db: Db; cipher: FieldCipher }) {
  const { db, cipher } = deps;
  return {
    /**
     * True when the code matches the user's TOTP secret (stored encrypted) and its time step was not used before.
     * The step is marked used in the same statement that checks it, so a code works once even
     * when two requests present it together.
     */
    async useCode(user: User, code: string, now: Date): Promise<boolean> {
      if (!user.totpSecretEnc) return false;
      const step = matchTotp(cipher.decrypt(user.totpSecretEnc), code, now, user.totpLastStep);
      if (step === null) return false;
      return inTransaction(db, (tx) => claimTotpStep(tx, user.id, step, now.toISOString()));
    },
  };
}

export type SecondFactorService = ReturnType<typeof secondFactorService>;
