-- Two restaurants' Friday, 2025-11-14, in the original system's shape, and a third closed that day.
INSERT INTO public.service_policy (id, clean_buffer_minutes, created_at) VALUES ('00000000-0000-4000-8000-00000000000a', 10, '2025-01-01T00:00Z');

INSERT INTO public.restaurants (id, name, slug, timezone, reservation_default_duration_minutes, contact_email, contact_phone) VALUES
  ('aaaaaaaa-0000-4000-8000-000000000001', 'The Red Lion', 'the-red-lion', 'Europe/London', 90, 'bookings@redlion.example', '+44 20 7946 0100'),
  ('aaaaaaaa-0000-4000-8000-000000000002', 'Café Été', 'cafe-ete', 'Europe/Paris', 105, 'bonjour@cafe-ete.example', '+33 1 23 45 67 89'),
  ('aaaaaaaa-0000-4000-8000-000000000003', 'Le Bistro Fermé', 'le-bistro-ferme', 'Europe/Paris', 90, NULL, NULL);

-- Lunch and Dinner every day; on Fridays (day 5) a longer dinner replaces the generic one; a Monday brunch.
INSERT INTO public.restaurant_service_periods (id, restaurant_id, name, day_of_week, start_time, end_time) VALUES
  ('5e000000-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000001', 'Lunch', NULL, '12:00', '15:00'),
  ('5e000000-0000-4000-8000-000000000002', 'aaaaaaaa-0000-4000-8000-000000000001', 'Dinner', NULL, '17:00', '22:00'),
  ('5e000000-0000-4000-8000-000000000003', 'aaaaaaaa-0000-4000-8000-000000000001', 'Friday Dinner', 5, '17:00', '23:30'),
  ('5e000000-0000-4000-8000-000000000004', 'aaaaaaaa-0000-4000-8000-000000000001', 'Brunch', 1, '10:00', '11:30'),
  ('5e000000-0000-4000-8000-000000000005', 'aaaaaaaa-0000-4000-8000-000000000002', 'Soirée', NULL, '18:00', '01:00'),
  ('5e000000-0000-4000-8000-000000000006', 'aaaaaaaa-0000-4000-8000-000000000003', 'Dinner', NULL, '18:00', '22:00');

-- Everyone is closed on Sundays; the bistro is closed on that Friday.
INSERT INTO public.restaurant_operating_hours (id, restaurant_id, day_of_week, effective_date, opens_at, closes_at, is_closed) VALUES
  ('0b000000-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000001', 5, NULL, '12:00', '23:30', false),
  ('0b000000-0000-4000-8000-000000000002', 'aaaaaaaa-0000-4000-8000-000000000001', 0, NULL, NULL, NULL, true),
  ('0b000000-0000-4000-8000-000000000003', 'aaaaaaaa-0000-4000-8000-000000000002', 0, NULL, NULL, NULL, true),
  ('0b000000-0000-4000-8000-000000000004', 'aaaaaaaa-0000-4000-8000-000000000003', 0, NULL, NULL, NULL, true),
  ('0b000000-0000-4000-8000-000000000005', 'aaaaaaaa-0000-4000-8000-000000000003', 5, NULL, '18:00', '22:00', false),
  ('0b000000-0000-4000-8000-000000000006', 'aaaaaaaa-0000-4000-8000-000000000003', NULL, '2025-11-14', NULL, NULL, true);

INSERT INTO public.zones (id, restaurant_id, name, sort_order) VALUES
  ('20000000-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000001', 'Terrasse-Été', 1),
  ('20000000-0000-4000-8000-000000000002', 'aaaaaaaa-0000-4000-8000-000000000001', 'Main Dining', 0),
  ('20000000-0000-4000-8000-000000000003', 'aaaaaaaa-0000-4000-8000-000000000002', 'Salle', 0),
  ('20000000-0000-4000-8000-000000000004', 'aaaaaaaa-0000-4000-8000-000000000003', 'Salle', 0);

INSERT INTO public.table_inventory (id, restaurant_id, table_number, capacity, min_party_size, max_party_size, status, zone_id, mobility, active, notes) VALUES
  ('7a000000-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000001', 'Table 1', 2, 1, NULL, 'available', '20000000-0000-4000-8000-000000000002', 'fixed', true, 'by the fire'),
  ('7a000000-0000-4000-8000-000000000002', 'aaaaaaaa-0000-4000-8000-000000000001', 'T-2', 4, 2, 4, 'available', '20000000-0000-4000-8000-000000000002', 'movable', true, NULL),
  ('7a000000-0000-4000-8000-000000000003', 'aaaaaaaa-0000-4000-8000-000000000001', 'T-3', 4, 2, 4, 'reserved', '20000000-0000-4000-8000-000000000002', 'movable', true, NULL),
  ('7a000000-0000-4000-8000-000000000004', 'aaaaaaaa-0000-4000-8000-000000000001', 'T-9', 2, 1, 2, 'out_of_service', '20000000-0000-4000-8000-000000000002', 'fixed', true, 'wobbly leg'),
  ('7a000000-0000-4000-8000-000000000005', 'aaaaaaaa-0000-4000-8000-000000000001', 'Terrasse 1', 8, 4, 8, 'available', '20000000-0000-4000-8000-000000000001', 'movable', true, NULL),
  ('7a000000-0000-4000-8000-000000000006', 'aaaaaaaa-0000-4000-8000-000000000001', 'Terrasse 2', 8, 4, 8, 'available', '20000000-0000-4000-8000-000000000001', 'movable', true, NULL),
  ('7a000000-0000-4000-8000-000000000011', 'aaaaaaaa-0000-4000-8000-000000000002', 'S1', 2, 1, 2, 'available', '20000000-0000-4000-8000-000000000003', 'movable', true, NULL),
  ('7a000000-0000-4000-8000-000000000012', 'aaaaaaaa-0000-4000-8000-000000000002', 'S2', 2, 1, 2, 'available', '20000000-0000-4000-8000-000000000003', 'movable', true, NULL),
  ('7a000000-0000-4000-8000-000000000013', 'aaaaaaaa-0000-4000-8000-000000000002', 'S3', 4, 2, 4, 'available', '20000000-0000-4000-8000-000000000003', 'fixed', false, NULL),
  ('7a000000-0000-4000-8000-000000000021', 'aaaaaaaa-0000-4000-8000-000000000003', 'B1', 4, 1, 4, 'available', '20000000-0000-4000-8000-000000000004', 'fixed', true, NULL);

-- Stored both ways for T-2/T-3, as the original did before it dropped the symmetry.
INSERT INTO public.table_adjacencies (table_a, table_b) VALUES
  ('7a000000-0000-4000-8000-000000000002', '7a000000-0000-4000-8000-000000000003'),
  ('7a000000-0000-4000-8000-000000000003', '7a000000-0000-4000-8000-000000000002'),
  ('7a000000-0000-4000-8000-000000000005', '7a000000-0000-4000-8000-000000000006'),
  ('7a000000-0000-4000-8000-000000000011', '7a000000-0000-4000-8000-000000000012');

INSERT INTO public.bookings (id, restaurant_id, booking_date, start_time, end_time, party_size, status, customer_name, customer_email, customer_phone, notes, reference, created_at) VALUES
  ('b0000000-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000001', '2025-11-14', '12:30', '13:45', 2, 'confirmed', 'Zoë O''Brien', 'zoe@example.com', '+44 7700 900001', 'Allergic to nuts', 'RL-0001', '2025-11-01T10:00:00Z'),
  ('b0000000-0000-4000-8000-000000000002', 'aaaaaaaa-0000-4000-8000-000000000001', '2025-11-14', '19:00', '21:00', 4, 'completed', 'Jürgen Weiß', 'jw@example.com', '+49 30 901820', NULL, 'RL-0002', '2025-11-10T18:00:00Z'),
  ('b0000000-0000-4000-8000-000000000003', 'aaaaaaaa-0000-4000-8000-000000000001', '2025-11-14', '20:00', '22:30', 12, 'checked_in', 'Siobhán Murphy', 'siobhan@example.com', '+353 1 555 0100', 'Birthday, cake at 21:30', 'RL-0003', '2025-11-03T08:30:00Z'),
  ('b0000000-0000-4000-8000-000000000004', 'aaaaaaaa-0000-4000-8000-000000000001', '2025-11-14', '21:15', '22:45', 3, 'pending', 'Anaïs Dubois', 'anais@example.com', '+33 6 12 34 56 78', NULL, 'RL-0004', '2025-11-14T17:05:00Z'),
  ('b0000000-0000-4000-8000-000000000005', 'aaaaaaaa-0000-4000-8000-000000000001', '2025-11-14', '19:30', '21:00', 2, 'cancelled', 'Ola Nordmann', 'ola@example.com', '+47 22 00 00 00', NULL, 'RL-0005', '2025-11-05T12:00:00Z'),
  ('b0000000-0000-4000-8000-000000000006', 'aaaaaaaa-0000-4000-8000-000000000001', '2025-11-14', '13:00', '14:00', 2, 'no_show', 'John Smith', 'john@example.com', '+44 7700 900006', NULL, 'RL-0006', '2025-11-06T12:00:00Z'),
  ('b0000000-0000-4000-8000-000000000007', 'aaaaaaaa-0000-4000-8000-000000000001', '2025-11-15', '19:00', '20:30', 2, 'confirmed', 'Mary Major', 'mary@example.com', '+44 7700 900007', NULL, 'RL-0007', '2025-11-07T12:00:00Z'),
  ('c0000000-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000002', '2025-11-14', '18:30', '20:00', 2, 'confirmed', 'Élodie Lefèvre', 'elodie@example.com', '+33 1 98 76 54 32', NULL, 'CE-0001', '2025-11-02T09:00:00Z'),
  ('c0000000-0000-4000-8000-000000000002', 'aaaaaaaa-0000-4000-8000-000000000002', '2025-11-14', '00:05', '00:55', 2, 'confirmed', 'Søren Kierkegaard', 'soren@example.com', '+45 33 12 34 56', 'Late', 'CE-0002', '2025-11-13T23:00:00+01:00'),
  ('c0000000-0000-4000-8000-000000000003', 'aaaaaaaa-0000-4000-8000-000000000002', '2025-11-14', '23:00', '00:30', 4, 'confirmed', 'Renée Zellweger', 'renee@example.com', '+33 6 00 00 00 03', NULL, 'CE-0003', '2025-11-12T15:45:00Z'),
  ('d0000000-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000003', '2025-11-14', '19:00', '20:30', 2, 'confirmed', 'Closed Day', 'closed@example.com', '+33 6 00 00 00 04', NULL, 'BF-0001', '2025-11-04T12:00:00Z');

INSERT INTO public.booking_table_assignments (id, booking_id, table_id, notes) VALUES
  ('a5000000-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000001', '7a000000-0000-4000-8000-000000000001', 'VIP by the fire'),
  ('a5000000-0000-4000-8000-000000000002', 'b0000000-0000-4000-8000-000000000002', '7a000000-0000-4000-8000-000000000002', NULL),
  ('a5000000-0000-4000-8000-000000000003', 'b0000000-0000-4000-8000-000000000005', '7a000000-0000-4000-8000-000000000003', NULL);

-- The party of 12 holds both terrace tables.
INSERT INTO public.table_holds (id, restaurant_id, booking_id, zone_id, start_at, end_at, expires_at) VALUES
  ('40000000-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000001', 'b0000000-0000-4000-8000-000000000003', '20000000-0000-4000-8000-000000000001',
   '2025-11-14T20:00Z', '2025-11-14T22:30Z', '2025-11-14T20:03Z');
INSERT INTO public.table_hold_members (id, hold_id, table_id) VALUES
  ('41000000-0000-4000-8000-000000000001', '40000000-0000-4000-8000-000000000001', '7a000000-0000-4000-8000-000000000005'),
  ('41000000-0000-4000-8000-000000000002', '40000000-0000-4000-8000-000000000001', '7a000000-0000-4000-8000-000000000006');
