INSERT INTO venue (code, title, buffer) VALUES ('harbour', 'Harbour Kitchen', 15);
INSERT INTO shift (venue, label, opens, closes) VALUES ('harbour', 'Lunch', '11:30', '14:30'), ('harbour', 'Dinner', '18:00', '22:00');
INSERT INTO seat_table (venue, label, room, seats, min_guests) VALUES
  ('harbour', 'W1', 'Window', 2, 1), ('harbour', 'W2', 'Window', 2, 1), ('harbour', 'W3', 'Window', 4, 2), ('harbour', 'B1', 'Back Room', 6, 3);
INSERT INTO joinable (venue, a, b) VALUES ('harbour', 'W1', 'W2'), ('harbour', 'W2', 'W3');
INSERT INTO reservation (ref, venue, day, at, minutes, guests, state, booked_at, guest_name, guest_phone) VALUES
  ('H-100', 'harbour', '2025-11-14', '12:00', 60, 2, 'booked', '2025-11-10 09:00+00', 'Ana Lima', '+351 21 000 0000'),
  ('H-101', 'harbour', '2025-11-14', '19:30', 120, 4, 'booked', '2025-11-08 20:15+00', 'Bo Chen', '+86 10 0000 0000'),
  ('H-102', 'harbour', '2025-11-14', '20:00', 90, 5, 'cancelled', '2025-11-09 11:00+00', 'Cy Twombly', NULL),
  ('H-103', 'harbour', '2025-11-15', '20:00', 90, 2, 'booked', '2025-11-09 12:00+00', 'Di Prince', NULL);
INSERT INTO reservation_change (ref, changed_at, guests, at, cancelled) VALUES
  ('H-101', '2025-11-14 17:30+00', 6, NULL, false),
  ('H-102', '2025-11-14 16:00+00', NULL, NULL, true),
  ('H-100', '2025-11-12 10:00+00', NULL, '12:30', false);
