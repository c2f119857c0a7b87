-- The original system's schema (SajiloReserveX, supabase/migrations), cut to the tables and
-- columns `replay scenario import` reads, plus the guest columns it must never read.
CREATE TYPE public.booking_status AS ENUM ('confirmed', 'pending', 'cancelled', 'completed', 'no_show', 'pending_allocation', 'checked_in', 'PRIORITY_WAITLIST');
CREATE TYPE public.table_status AS ENUM ('available', 'reserved', 'occupied', 'out_of_service');
CREATE TYPE public.table_mobility AS ENUM ('movable', 'fixed');

CREATE TABLE public.restaurants (
    id uuid PRIMARY KEY, name text NOT NULL, slug text NOT NULL UNIQUE,
    timezone text NOT NULL DEFAULT 'Europe/London',
    reservation_interval_minutes integer NOT NULL DEFAULT 15,
    reservation_default_duration_minutes integer NOT NULL DEFAULT 90,
    contact_email text, contact_phone text
);
CREATE TABLE public.service_policy (
    id uuid PRIMARY KEY, clean_buffer_minutes smallint NOT NULL DEFAULT 5, created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE public.restaurant_operating_hours (
    id uuid PRIMARY KEY, restaurant_id uuid NOT NULL REFERENCES public.restaurants(id), day_of_week smallint, effective_date date,
    opens_at time, closes_at time, is_closed boolean NOT NULL DEFAULT false, notes text
);
-- The original checks start_time < end_time; a service past midnight (end before start) is
-- what other systems store, and what replay's scenarios take.
CREATE TABLE public.restaurant_service_periods (
    id uuid PRIMARY KEY, restaurant_id uuid NOT NULL REFERENCES public.restaurants(id), name text NOT NULL, day_of_week smallint,
    start_time time NOT NULL, end_time time NOT NULL, booking_option text NOT NULL DEFAULT 'drinks'
);
CREATE TABLE public.zones (
    id uuid PRIMARY KEY, restaurant_id uuid NOT NULL REFERENCES public.restaurants(id), name text NOT NULL, sort_order smallint NOT NULL DEFAULT 0
);
CREATE TABLE public.table_inventory (
    id uuid PRIMARY KEY, restaurant_id uuid NOT NULL REFERENCES public.restaurants(id), table_number text NOT NULL,
    capacity integer NOT NULL, min_party_size integer NOT NULL DEFAULT 1, max_party_size integer,
    status public.table_status NOT NULL DEFAULT 'available', zone_id uuid NOT NULL REFERENCES public.zones(id),
    mobility public.table_mobility NOT NULL DEFAULT 'movable', active boolean NOT NULL DEFAULT true, notes text
);
CREATE TABLE public.table_adjacencies (table_a uuid NOT NULL, table_b uuid NOT NULL, CHECK (table_a <> table_b));
CREATE TABLE public.bookings (
    id uuid PRIMARY KEY, restaurant_id uuid NOT NULL REFERENCES public.restaurants(id), booking_date date NOT NULL,
    start_time time NOT NULL, end_time time NOT NULL, party_size integer NOT NULL CHECK (party_size > 0),
    status public.booking_status NOT NULL DEFAULT 'confirmed',
    customer_name text NOT NULL, customer_email text NOT NULL, customer_phone text NOT NULL, notes text,
    reference text NOT NULL, created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE public.booking_table_assignments (
    id uuid PRIMARY KEY, booking_id uuid NOT NULL REFERENCES public.bookings(id), table_id uuid NOT NULL REFERENCES public.table_inventory(id), notes text
);
CREATE TABLE public.table_holds (
    id uuid PRIMARY KEY, restaurant_id uuid NOT NULL, booking_id uuid, zone_id uuid NOT NULL,
    start_at timestamptz NOT NULL, end_at timestamptz NOT NULL, expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE public.table_hold_members (id uuid PRIMARY KEY, hold_id uuid NOT NULL REFERENCES public.table_holds(id), table_id uuid NOT NULL);
