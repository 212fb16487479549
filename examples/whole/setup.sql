-- A small application database that uses every kind Strata manages.
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE SCHEMA billing;
CREATE TYPE public.order_status AS ENUM ('new', 'paid', 'shipped');
CREATE DOMAIN public.email AS text CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%');
CREATE DOMAIN billing.cents AS bigint NOT NULL DEFAULT 0 CONSTRAINT cents_not_negative CHECK (VALUE >= 0);
CREATE TYPE public.address AS (street text, city text, "Zip" varchar(10));
CREATE SEQUENCE billing.invoice_no START 1000;
CREATE TABLE public.customers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email public.email NOT NULL UNIQUE,
    "Name" text NOT NULL,
    home public.address,
    tenant text NOT NULL DEFAULT current_user,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE public.customers IS 'People who buy';
CREATE TABLE public.orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES public.customers (id),
    status public.order_status NOT NULL DEFAULT 'new',
    total billing.cents,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT total_small CHECK (total < 100000000) NOT VALID
);
CREATE INDEX orders_customer ON public.orders (customer_id);
COMMENT ON INDEX public.orders_customer IS 'Orders by customer';
CREATE TABLE billing.invoices (
    no bigint NOT NULL DEFAULT nextval('billing.invoice_no') PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES public.orders (id),
    amount billing.cents
);
ALTER SEQUENCE billing.invoice_no OWNED BY billing.invoices.no;
CREATE FUNCTION public.order_total(customer bigint) RETURNS bigint
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce(sum(total), 0) FROM public.orders WHERE customer_id = customer $$;
CREATE FUNCTION public.touch() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
    AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE PROCEDURE billing.close_invoices(older_than interval DEFAULT '30 days')
    LANGUAGE sql
    AS $$ DELETE FROM billing.invoices WHERE false $$;
CREATE TRIGGER orders_touch BEFORE UPDATE ON public.orders
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION public.touch();
CREATE VIEW public.customer_totals AS
    SELECT c.id, c."Name", public.order_total(c.id) AS total FROM public.customers c;
CREATE VIEW public.big_customers AS SELECT id, "Name" FROM public.customer_totals WHERE total > 1000;
ALTER TABLE public.customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON public.customers USING (tenant = current_user);
CREATE AGGREGATE public.concat_all(text) (SFUNC = textcat, STYPE = text, INITCOND = '');
CREATE MATERIALIZED VIEW public.order_counts AS
    SELECT customer_id, count(*) AS n FROM public.orders GROUP BY customer_id;
CREATE UNIQUE INDEX order_counts_customer ON public.order_counts (customer_id);
CREATE UNLOGGED TABLE public.sessions (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), customer_id bigint);
ALTER VIEW public.big_customers SET (security_barrier = true);
CREATE TABLE public.events (
    id bigint NOT NULL,
    customer_id bigint,
    occurred date NOT NULL,
    payload jsonb
) PARTITION BY RANGE (occurred);
CREATE INDEX events_payload ON public.events USING gin (payload);
CREATE TABLE public.events_2025 PARTITION OF public.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE public.events_2026 PARTITION OF public.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE public.events_other PARTITION OF public.events DEFAULT;
