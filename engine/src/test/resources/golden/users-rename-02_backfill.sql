-- Strata plan for postgres://app@db.example.com/prod (PostgreSQL 18): Backfill
-- Before this file runs, all of this must be true:
--   gate-1 (deploy dual-write)
--   - Every instance of the application writes both public.users.username and public.users.handle on insert and update.
--   - It still reads username.

SET standard_conforming_strings = on;
DO $strata$ BEGIN IF current_setting('server_version_num')::int < 180000 THEN RAISE EXCEPTION 'this plan is for PostgreSQL 18 or later (server: %): plan again for this server', current_setting('server_version'); END IF; END $strata$;
SET lock_timeout = '2s';

-- backfill-1: copy username into handle for existing rows
-- lock: ROW EXCLUSIVE on public.users — blocks no application traffic (only index builds and other DDL), batched row updates
-- Backfill public.users: copy username into handle for existing rows
-- A DO block that commits after every batch of 1000 rows. It needs PostgreSQL 11 or later
-- (transaction control in DO) and must run outside a transaction block: in psql with
-- autocommit on (the default), never inside BEGIN ... COMMIT or psql --single-transaction.
-- It is safe to rerun: rows already done no longer match the pending predicate.
DO $strata$
DECLARE
    strata_last record;
    strata_batches bigint := 0;
    strata_total bigint := 0;
BEGIN
    EXECUTE 'WITH batch(strata_k1) AS (SELECT id FROM public.users ORDER BY id LIMIT 1000), updated AS (UPDATE public.users SET handle = (username) WHERE (public.users.id) >= (SELECT strata_k1 FROM batch ORDER BY strata_k1 LIMIT 1) AND (public.users.id) <= (SELECT strata_k1 FROM batch ORDER BY strata_k1 DESC LIMIT 1) AND (handle IS DISTINCT FROM username) RETURNING 1) SELECT (SELECT count(*) FROM updated) AS strata_updated, strata_k1 FROM batch ORDER BY strata_k1 DESC LIMIT 1'
        INTO strata_last;
    WHILE strata_last.strata_updated IS NOT NULL LOOP
        strata_batches := strata_batches + 1;
        strata_total := strata_total + strata_last.strata_updated;
        RAISE NOTICE 'strata backfill: batch % updated % rows', strata_batches, strata_last.strata_updated;
        COMMIT;
        PERFORM pg_sleep(0.1);
        EXECUTE 'WITH batch(strata_k1) AS (SELECT id FROM public.users WHERE (id) > ($1) ORDER BY id LIMIT 1000), updated AS (UPDATE public.users SET handle = (username) WHERE (public.users.id) >= (SELECT strata_k1 FROM batch ORDER BY strata_k1 LIMIT 1) AND (public.users.id) <= (SELECT strata_k1 FROM batch ORDER BY strata_k1 DESC LIMIT 1) AND (handle IS DISTINCT FROM username) RETURNING 1) SELECT (SELECT count(*) FROM updated) AS strata_updated, strata_k1 FROM batch ORDER BY strata_k1 DESC LIMIT 1'
            INTO strata_last USING strata_last.strata_k1;
    END LOOP;
    RAISE NOTICE 'strata backfill: done, % rows updated in % batches', strata_total, strata_batches;
END
$strata$;
