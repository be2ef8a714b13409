-- Audit witnessing (issue 7, findings 2 and 6).
-- Each entry is committed to with a secret random salt kept beside it, so that its hash, seen by
-- another party as the next entry's previous hash or as a proof sibling, cannot be guessed back.
-- Entries written before this migration have none and keep their unsalted hash.
alter table audit_entries add column salt text;

-- Every checkpoint after the first carries the RFC 9162 consistency proof from the previous one
-- (a JSON array of hex hashes), which a cosigner checks before it signs.
alter table audit_checkpoints add column previous_size bigint;
alter table audit_checkpoints add column consistency_proof text;

-- 1: the legacy jsms-audit-checkpoint/v1 signature over size and root, with a PEM key;
-- 2: a C2SP tlog-cosignature/v1 note signature line, with the signer's verifier key.
alter table audit_signatures add column format integer not null default 1;
