-- A plainer booking database than the original system's: one code per venue, shifts every day,
-- tables with a room and a seat count, joinable pairs, reservations with a length in minutes.
-- `plain-mapping.json` beside this file maps it for `replay scenario import --mapping`.
-- A reservation is kept as it was made; each later change (new guests, a new time, a
-- cancellation) is a row of `reservation_change`, the booking history replay reads as `changes`.
CREATE TABLE venue (code text PRIMARY KEY, title text NOT NULL, buffer integer NOT NULL DEFAULT 0);
CREATE TABLE shift (venue text NOT NULL REFERENCES venue(code), label text NOT NULL, opens time NOT NULL, closes time NOT NULL);
CREATE TABLE seat_table (venue text NOT NULL REFERENCES venue(code), label text NOT NULL, room text NOT NULL,
                         seats integer NOT NULL, min_guests integer NOT NULL DEFAULT 1, PRIMARY KEY (venue, label));
CREATE TABLE joinable (venue text NOT NULL, a text NOT NULL, b text NOT NULL);
CREATE TABLE reservation (ref text PRIMARY KEY, venue text NOT NULL REFERENCES venue(code), day date NOT NULL, at time NOT NULL,
                          minutes integer NOT NULL, guests integer NOT NULL, state text NOT NULL DEFAULT 'booked',
                          booked_at timestamptz NOT NULL, guest_name text, guest_phone text);
CREATE TABLE reservation_change (ref text NOT NULL REFERENCES reservation(ref), changed_at timestamptz NOT NULL,
                                 guests integer, at time, cancelled boolean NOT NULL DEFAULT false);
