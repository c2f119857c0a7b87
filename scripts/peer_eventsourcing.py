"""Peer baseline for scripts/bench: the Python `eventsourcing` package's SQLite persistence.

Appends N stored events (payloads of the given size, like replay's) in transactions of 100
through SQLiteApplicationRecorder, then reads them all back in pages of 1000. Prints one JSON
line: {"events": N, "append_per_s": ..., "read_per_s": ...}.
"""
import json
import os
import sys
import tempfile
import time
import uuid

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore


def main() -> None:
    count = int(sys.argv[1])
    payload_bytes = int(sys.argv[2])
    folder = tempfile.mkdtemp(prefix="replay-peer-")
    datastore = SQLiteDatastore(os.path.join(folder, "peer.db"))
    recorder = SQLiteApplicationRecorder(datastore)
    recorder.create_table()
    originator = uuid.uuid4()
    state = b"x" * payload_bytes
    start = time.perf_counter()
    version = 0
    while version < count:
        batch = []
        for _ in range(min(100, count - version)):
            version += 1
            batch.append(StoredEvent(originator_id=originator, originator_version=version, topic="replay:event", state=state))
        recorder.insert_events(batch)
    append_seconds = time.perf_counter() - start
    start = time.perf_counter()
    read = 0
    last = 0
    while True:
        page = recorder.select_notifications(start=last + 1, limit=1000)
        if not page:
            break
        read += len(page)
        last = page[-1].id
    read_seconds = time.perf_counter() - start
    assert read == count, (read, count)
    print(json.dumps({"events": count, "append_per_s": int(count / append_seconds), "read_per_s": int(count / read_seconds)}))


if __name__ == "__main__":
    main()
