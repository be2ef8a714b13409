export interface AgreementEvents {
  /** Every party has signed `version`: it is the agreement in force from now on. */
  'agreement.in_force': { version: number; previous: number | null };
}
