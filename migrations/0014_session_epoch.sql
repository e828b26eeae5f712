-- Sessions end when the password changes: each session remembers the epoch it began in, and a
-- session from an older epoch is signed out (the session store cannot be searched by person).
alter table users add column session_epoch integer not null default 0;
