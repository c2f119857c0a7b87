/// The bench's large day for `replay scenario import` (`scripts/bench --only import`): 10
/// restaurants of 200 tables in 10 zones (2,000 tables, 1,900 adjacent pairs), 50,000 bookings on
/// 2025-11-14 (5% cancelled, 2% no-show, 20% with an assignment), loaded into the original
/// system's schema (Tests/CLITests/Import/original-schema.sql). Ids are md5-made UUIDs, so every
/// run loads the same rows.
enum LargeImportDay {
    static let date = "2025-11-14"

    static let sql = """
        INSERT INTO public.service_policy (id, clean_buffer_minutes) VALUES (md5('policy')::uuid, 5);
        INSERT INTO public.restaurants (id, name, slug, timezone, reservation_default_duration_minutes)
          SELECT md5('r' || r)::uuid, 'Restaurant ' || r, 'restaurant-' || r, 'Europe/London', 90 FROM generate_series(1, 10) r;
        INSERT INTO public.restaurant_service_periods (id, restaurant_id, name, day_of_week, start_time, end_time)
          SELECT md5('s' || r || name)::uuid, md5('r' || r)::uuid, name, NULL, start_time, end_time
          FROM generate_series(1, 10) r, (VALUES ('Lunch', time '11:00', time '16:00'), ('Dinner', time '16:30', time '23:59')) s(name, start_time, end_time);
        INSERT INTO public.zones (id, restaurant_id, name, sort_order)
          SELECT md5('z' || r || '-' || z)::uuid, md5('r' || r)::uuid, 'Zone ' || z, z FROM generate_series(1, 10) r, generate_series(1, 10) z;
        INSERT INTO public.table_inventory (id, restaurant_id, table_number, capacity, min_party_size, zone_id)
          SELECT md5('t' || r || '-' || t)::uuid, md5('r' || r)::uuid, 'T' || lpad(t::text, 3, '0'), (ARRAY[2, 4, 6, 8])[t % 4 + 1], 1,
                 md5('z' || r || '-' || ((t - 1) / 20 + 1))::uuid
          FROM generate_series(1, 10) r, generate_series(1, 200) t;
        INSERT INTO public.table_adjacencies (table_a, table_b)
          SELECT md5('t' || r || '-' || t)::uuid, md5('t' || r || '-' || (t + 1))::uuid
          FROM generate_series(1, 10) r, generate_series(1, 199) t WHERE t % 20 <> 0;
        INSERT INTO public.bookings (id, restaurant_id, booking_date, start_time, end_time, party_size, status,
                                     customer_name, customer_email, customer_phone, reference, created_at)
          SELECT md5('b' || i)::uuid, md5('r' || (i % 10 + 1))::uuid, date '2025-11-14', start_time, start_time + (60 + (i * 7) % 61) * interval '1 minute',
                 1 + (i * 13) % 8, (CASE WHEN i % 20 = 0 THEN 'cancelled' WHEN i % 50 = 1 THEN 'no_show' ELSE 'confirmed' END)::public.booking_status,
                 'Guest ' || i, 'guest' || i || '@example.com', '+44 7700 ' || lpad(i::text, 6, '0'), 'REF-' || i,
                 timestamptz '2025-10-01T00:00:00Z' + ((i * 7919) % 1000000) * interval '1 second'
          FROM generate_series(1, 50000) i,
               LATERAL (SELECT CASE WHEN i % 3 = 0 THEN time '11:00' + ((i * 37) % 240) * interval '1 minute'
                                    ELSE time '17:00' + ((i * 53) % 300) * interval '1 minute' END AS start_time) s;
        INSERT INTO public.booking_table_assignments (id, booking_id, table_id)
          SELECT md5('a' || i)::uuid, md5('b' || i)::uuid, md5('t' || (i % 10 + 1) || '-' || (i % 200 + 1))::uuid
          FROM generate_series(1, 50000) i WHERE i % 5 = 0 AND i % 20 <> 0;
        ANALYZE;
        """
}
