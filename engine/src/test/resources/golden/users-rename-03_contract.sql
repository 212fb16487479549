-- Strata plan for postgres://app@db.example.com/prod (PostgreSQL 18): Contract
-- Before this file runs, all of this must be true:
--   gate-2 (deploy read switch)
--   - Every instance of the application reads public.users.handle.
--   - No instance writes public.users.username any more; the sync trigger fills it until it is dropped.

SET standard_conforming_strings = on;
DO $strata$ BEGIN IF current_setting('server_version_num')::int < 180000 THEN RAISE EXCEPTION 'this plan is for PostgreSQL 18 or later (server: %): plan again for this server', current_setting('server_version'); END IF; END $strata$;
SET lock_timeout = '2s';

-- contract-1: add check users_handle_not_null NOT VALID
-- lock: ACCESS EXCLUSIVE on public.users — blocks reads and writes, catalog only
BEGIN;
SET LOCAL statement_timeout = '60000ms';
ALTER TABLE public.users ADD CONSTRAINT users_handle_not_null CHECK (handle IS NOT NULL) NOT VALID;
COMMIT;

-- contract-2: validate check users_handle_not_null
-- lock: SHARE UPDATE EXCLUSIVE on public.users — blocks no application traffic (only other DDL, VACUUM and concurrent index builds), scans the table
BEGIN;
SET LOCAL statement_timeout = 0;
ALTER TABLE public.users VALIDATE CONSTRAINT users_handle_not_null;
COMMIT;

-- contract-3: set public.users.handle NOT NULL
-- lock: ACCESS EXCLUSIVE on public.users — blocks reads and writes, catalog only
BEGIN;
SET LOCAL statement_timeout = '60000ms';
ALTER TABLE public.users ALTER COLUMN handle SET NOT NULL;
COMMIT;

-- contract-4: drop check users_handle_not_null
-- lock: ACCESS EXCLUSIVE on public.users — blocks reads and writes, catalog only
BEGIN;
SET LOCAL statement_timeout = '60000ms';
ALTER TABLE public.users DROP CONSTRAINT users_handle_not_null;
COMMIT;

-- contract-5: attach unique constraint users_handle_key
-- cannot be undone: dropping the constraint would drop index users_handle_key with it
-- lock: ACCESS EXCLUSIVE on public.users — blocks reads and writes, catalog only
BEGIN;
SET LOCAL statement_timeout = '60000ms';
ALTER TABLE public.users ADD CONSTRAINT users_handle_key UNIQUE USING INDEX users_handle_key;
COMMIT;

-- contract-6: drop the sync trigger and its function
-- lock: ACCESS EXCLUSIVE on public.users — blocks reads and writes, catalog only
BEGIN;
SET LOCAL statement_timeout = '60000ms';
DROP TRIGGER strata_sync_users_handle ON public.users;
DROP FUNCTION public.strata_sync_users_handle();
COMMIT;

-- contract-7: drop column public.users.username
-- cannot be undone: the column and its values are dropped
-- lock: ACCESS EXCLUSIVE on public.users — blocks reads and writes, catalog only
-- DATA LOSS: deletes column public.users.username (about 1204000 rows)
BEGIN;
SET LOCAL statement_timeout = '60000ms';
ALTER TABLE public.users DROP COLUMN username;
COMMIT;
