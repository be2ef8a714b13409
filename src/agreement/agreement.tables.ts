/** Row shapes of the agreement tables, exactly as stored. */
export interface AgreementVersionRow {
  version: number;
  source: string;
  document: string;
  hash: string;
  status: 'proposed' | 'in_force' | 'superseded' | 'withdrawn';
  proposed_by: string;
  proposed_party_id: string;
  proposed_at: string;
  in_force_at: string | null;
  superseded_at: string | null;
}

export interface AgreementSignatureRow {
  version: number;
  party_id: string;
  user_id: string;
  signed_at: string;
  key_id: string | null;
  key_signature: string | null;
}

export interface AgreementTables {
  agreement_versions: AgreementVersionRow;
  agreement_signatures: AgreementSignatureRow;
}
