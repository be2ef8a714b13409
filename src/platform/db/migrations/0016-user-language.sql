-- Issue 10: each user's language for the web app (en, zh or ur), chosen on any screen and kept
-- with the account, so it follows the user to another browser. Null: the browser's own choice.

alter table users add column language text;
