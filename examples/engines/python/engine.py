#!/usr/bin/env python3
"""A complete table-allocation engine for replay's engine protocol, versions 1 and 2.

replay starts this program, writes one JSON request per line on its stdin and reads one
JSON answer per line from its stdout (docs/engine-protocol.md). Python 3, standard library.
Version 2 only adds `quotes`: several strategies of one booking asked at once, answered by
one line per strategy; an engine that answers the hello with protocol 1 is never asked it.

    swift run -c release replay record --engine "python3 examples/engines/python/engine.py"
    swift run -c release replay engine check "python3 examples/engines/python/engine.py"

Feasibility follows replay's rules; the ranking is this example's own: fewest wasted
seats, then fewest tables, then table ids (score = 10 * wasted seats + tables). An edit's
quote names the booking's tables now (`booking.current`, free for it): sets that keep all of
them come first, so a guest who edits keeps their table when it still fits.
"""
import json
import re
import sys
from collections import Counter

ENGINE = {"engine": "example-python", "version": "1.0.0", "lookaheadMinutes": 0}


def natural_key(text):
    """Sort "T-2" before "T-10": runs of digits compare as numbers."""
    parts = re.split(r"(\d+)", text)
    return [int(part) if i % 2 else part for i, part in enumerate(parts)], text


def prepare(floor):
    """Keep a floor message, with its adjacency pairs as an undirected neighbour map."""
    floor["neighbours"] = {}
    for a, b in floor.get("adjacency", []):
        floor["neighbours"].setdefault(a, set()).add(b)
        floor["neighbours"].setdefault(b, set()).add(a)
    return floor


def connected(ids, neighbours):
    """True when the tables are one piece of the adjacency graph."""
    seen, todo = {ids[0]}, [ids[0]]
    while todo:
        for other in neighbours.get(todo.pop(), ()):
            if other in ids and other not in seen:
                seen.add(other)
                todo.append(other)
    return len(seen) == len(ids)


def quote(floor, request):
    """Every feasible table set for the request, best first, and why others were dropped."""
    booking, strategy = request["booking"], request.get("strategy", {})
    party, start, end = booking["party"], booking["start"], booking["end"]
    max_tables = strategy.get("maxTables", floor.get("maxTables", 1))
    adjacent_only = strategy.get("requireAdjacency", False)
    seat_limit = party + floor.get("maxOverage", 4)
    # A table is blocked when one of its busy windows overlaps [start, end).
    blocked = {}
    for entry in request.get("busy", []):
        if entry["start"] < end and start < entry["end"]:
            blocked.setdefault(entry["table"], "held" if entry.get("kind") == "hold" else "booked")
    rejected, found = Counter(), []

    def consider(group):
        ids = [table["id"] for table in group]
        if len(ids) > 1 and adjacent_only and not connected(ids, floor["neighbours"]):
            rejected["not_adjacent"] += 1
        elif any(i in blocked for i in ids):
            rejected[next(blocked[i] for i in ids if i in blocked)] += 1
        else:
            found.append(group)

    for table in floor["tables"]:  # single tables: min <= party <= max
        if not table.get("active", True):
            rejected["inactive"] += 1
        elif not table["min"] <= party <= table["max"]:
            rejected["capacity"] += 1
        else:
            consider([table])

    def extend(members, first, group, seats):  # combinations of one zone's active tables
        for i in range(first, len(members)):
            total = seats + members[i]["max"]
            if total > seat_limit:  # every superset has even more seats
                if group:
                    rejected["spare_seats"] += 1
                continue
            bigger = group + [members[i]]
            if len(bigger) >= 2 and total >= party:
                consider(bigger)
            if len(bigger) < max_tables:
                extend(members, i + 1, bigger, total)

    zones = {}
    for table in floor["tables"]:
        if table.get("active", True):
            zones.setdefault(table.get("zone", ""), []).append(table)
    for members in zones.values():
        extend(members, 0, [], 0)

    current = set(booking.get("current", []))
    ranked = []
    for group in found:
        ids = sorted((table["id"] for table in group), key=natural_key)
        wasted = sum(table["max"] for table in group) - party
        moves = 0 if current <= set(ids) else 1  # an edit: keeping the current tables first
        ranked.append(((moves, wasted, len(ids), [natural_key(i) for i in ids]), ids, wasted))
    ranked.sort(key=lambda item: item[0])
    candidates = [{"tables": ids, "score": 10 * wasted + len(ids)} for _, ids, wasted in ranked]
    return candidates, dict(sorted(rejected.items()))


def send(message):
    """One JSON object per line, UTF-8, flushed at once: replay waits for it."""
    text = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
    sys.stdout.buffer.flush()


def main():
    floors = {}
    for line in iter(sys.stdin.buffer.readline, b""):  # until replay closes stdin
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            kind = request.get("type")
            if kind == "hello":
                if request.get("protocol") != 1:
                    print(f"example-python: replay speaks protocol {request.get('protocol')}, "
                          "this engine speaks 1 and 2", file=sys.stderr)
                    sys.exit(2)
                # A replay that speaks version 2 lists it in `protocols`.
                version = 2 if 2 in request.get("protocols", []) else 1
                send({"type": "hello", "protocol": version, **ENGINE})
            elif kind == "floor":
                floors[request["restaurant"]] = prepare(request)
                send({"type": "ok"})
            elif kind in ("quote", "quotes"):
                # `quotes` (version 2): one answer line per strategy, in the order given.
                strategies = request["strategies"] if kind == "quotes" else [request["strategy"]]
                floor = floors.get(request.get("restaurant"))
                for strategy in strategies:  # every strategy gets its line, an error too
                    if floor is None:
                        send({"type": "error", "message": f"no floor for {request.get('restaurant')}"})
                        continue
                    try:
                        candidates, rejected = quote(floor, {**request, "strategy": strategy})
                        send({"type": "candidates", "candidates": candidates, "rejected": rejected})
                    except (ValueError, KeyError, TypeError, AttributeError) as problem:
                        send({"type": "error", "message": f"bad request: {problem!r}"})
            else:  # answer anyway, so that replay is never left waiting
                send({"type": "error", "message": f"unknown request type {kind}"})
        except (ValueError, KeyError, TypeError, AttributeError) as problem:
            send({"type": "error", "message": f"bad request: {problem!r}"})


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # replay went away: nothing left to answer
        sys.exit(0)
