-- Strata plan for postgres://app@db.example.com/prod (PostgreSQL 18): Expand
-- Nothing must be deployed before this file runs.
-- After it, deploy the dual-write code before the next file.

SET standard_conforming_strings = on;
DO $strata$ BEGIN IF current_setting('server_version_num')::int < 180000 THEN RAISE EXCEPTION 'this plan is for PostgreSQL 18 or later (server: %): plan again for this server', current_setting('server_version'); END IF; END $strata$;
SET lock_timeout = '2s';

-- expand-1: add column public.users.handle
-- lock: ACCESS EXCLUSIVE on public.users — blocks reads and writes, catalog only
BEGIN;
SET LOCAL statement_timeout = '60000ms';
ALTER TABLE public.users ADD COLUMN handle text;
COMMIT;

-- expand-2: keep username and handle in sync with a trigger
-- lock: SHARE ROW EXCLUSIVE on public.users — blocks writes, catalog only
BEGIN;
SET LOCAL statement_timeout = '60000ms';
CREATE FUNCTION public.strata_sync_users_handle() RETURNS trigger LANGUAGE plpgsql AS $strata$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.handle IS NULL THEN
            NEW.handle := NEW.username;
        ELSIF NEW.username IS NULL THEN
            NEW.username := NEW.handle;
        END IF;
    ELSIF NEW.username IS DISTINCT FROM OLD.username THEN
        NEW.handle := NEW.username;
    ELSIF NEW.handle IS DISTINCT FROM OLD.handle THEN
        NEW.username := NEW.handle;
    END IF;
    RETURN NEW;
END
$strata$;
CREATE TRIGGER strata_sync_users_handle BEFORE INSERT OR UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.strata_sync_users_handle();
COMMIT;

-- expand-3: build unique index users_handle_key on public.users (handle)
-- lock: SHARE UPDATE EXCLUSIVE on public.users — blocks no application traffic (only other DDL, VACUUM and concurrent index builds), scans the table
-- Not transactional: the runner must not wrap these statements in a transaction.
CREATE UNIQUE INDEX CONCURRENTLY users_handle_key ON public.users (handle);
