"""Peer baseline for scripts/bench: the Python `eventsourcing` package (9.x) on SQLite, two ways.

`recorder N BYTES`: N stored events (payloads of BYTES, like replay's) appended in
transactions of 100 straight through SQLiteApplicationRecorder, then read back in pages of
1000: the package's storage layer, without its domain model.

`application N`: the way its users write it. A `Booking` aggregate with the run's steps as
decorated command methods (seeded, quoted twice, held, confirmed), saved through an
`Application` after each command (the application layer's unit of work), then every aggregate
read back through the repository.

Prints one JSON line: {"events": N, "append_per_s": ..., "read_per_s": ...}.
"""
import json
import os
import sys
import tempfile
import time
import uuid


def recorder(count: int, payload_bytes: int) -> dict:
    from eventsourcing.persistence import StoredEvent
    from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore

    folder = tempfile.mkdtemp(prefix="replay-peer-")
    datastore = SQLiteDatastore(os.path.join(folder, "peer.db"))
    store = SQLiteApplicationRecorder(datastore)
    store.create_table()
    originator = uuid.uuid4()
    state = b"x" * payload_bytes
    start = time.perf_counter()
    version = 0
    while version < count:
        batch = []
        for _ in range(min(100, count - version)):
            version += 1
            batch.append(StoredEvent(originator_id=originator, originator_version=version, topic="replay:event", state=state))
        store.insert_events(batch)
    append_seconds = time.perf_counter() - start
    start = time.perf_counter()
    read = 0
    last = 0
    while True:
        page = store.select_notifications(start=last + 1, limit=1000)
        if not page:
            break
        read += len(page)
        last = page[-1].id
    read_seconds = time.perf_counter() - start
    assert read == count, (read, count)
    return {"events": count, "append_per_s": int(count / append_seconds), "read_per_s": int(count / read_seconds)}


def application(count: int) -> dict:
    folder = tempfile.mkdtemp(prefix="replay-peer-app-")
    os.environ["PERSISTENCE_MODULE"] = "eventsourcing.sqlite"
    os.environ["SQLITE_DBNAME"] = os.path.join(folder, "app.db")
    from eventsourcing.application import Application
    from eventsourcing.domain import Aggregate, event

    class Booking(Aggregate):
        @event("Seeded")
        def __init__(self, restaurant: str, booking: str, party: int, start: int):
            self.restaurant, self.booking, self.party, self.start = restaurant, booking, party, start
            self.quotes, self.tables, self.status = 0, [], "pending"

        @event("Quoted")
        def quote(self, strategy: str, candidates: int, top: list):
            self.quotes += 1

        @event("Held")
        def hold(self, hold: str, tables: list, expires: int):
            self.tables = tables

        @event("Confirmed")
        def confirm(self, assignment: str, tables: list):
            self.status = "confirmed"

    class Restaurants(Application):
        pass

    app = Restaurants()
    start = time.perf_counter()
    ids, written, number = [], 0, 0
    while written < count:
        number += 1
        booking = Booking(restaurant="pub-%d" % (number % 50), booking="B%06d" % number, party=2 + number % 6, start=720 + number % 600)
        app.save(booking)
        written += 1
        steps = [lambda: booking.quote(strategy="adjacent-x1", candidates=0, top=[]),
                 lambda: booking.quote(strategy="adjacent-x2", candidates=2, top=[["T001", "T002"], ["T002", "T003"]]),
                 lambda: booking.hold(hold="H%06d" % number, tables=["T001", "T002"], expires=28980),
                 lambda: booking.confirm(assignment="A%06d" % number, tables=["T001", "T002"])]
        for step in steps:
            if written >= count:
                break
            step()
            app.save(booking)
            written += 1
        ids.append(booking.id)
    append_seconds = time.perf_counter() - start
    start = time.perf_counter()
    read = sum(app.repository.get(identifier).version for identifier in ids)
    read_seconds = time.perf_counter() - start
    assert read == count, (read, count)
    return {"events": count, "append_per_s": int(count / append_seconds), "read_per_s": int(read / read_seconds)}


def main() -> None:
    mode, count = sys.argv[1], int(sys.argv[2])
    result = recorder(count, int(sys.argv[3])) if mode == "recorder" else application(count)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
