-- TOTP secrets are encrypted at rest (issue 7, finding 11), like the other secrets: the columns
-- now hold field-cipher values (`v1.…`). Clear values that earlier versions stored are encrypted,
-- and audited, at the next start (users.encryptClearTotpSecrets).

alter table users rename column totp_secret to totp_secret_enc;

alter table users rename column totp_pending_secret to totp_pending_secret_enc;
