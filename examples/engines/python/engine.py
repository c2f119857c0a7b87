#!/usr/bin/env python3
"""A complete table-allocation engine for replay's engine protocol, versions 1 to 3.

replay starts this program, writes one JSON request per line on its stdin and reads one
JSON answer per line from its stdout (docs/engine-protocol.md). Python 3, standard library.
Version 2 adds `quotes`: several strategies of one booking asked at once, answered by one
line per strategy. Version 3 adds `sets`: the same question answered by one line with every
set the engine would offer, unranked, each once, and which strategies offer which (the
coverage oracle's question: no ranking, no scores, no counts). An engine that answers the
hello with an older version is never asked what a newer one adds.

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


def feasible(floor, request, max_tables, adjacent_only):
    """Every table set the request may have (as lists of tables), and why others were dropped."""
    booking = request["booking"]
    party, start, end = booking["party"], booking["start"], booking["end"]
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
    return found, rejected


def quote(floor, request):
    """Every feasible table set for the request, best first, and why others were dropped."""
    booking, strategy = request["booking"], request.get("strategy", {})
    party = booking["party"]
    max_tables = strategy.get("maxTables", floor.get("maxTables", 1))
    found, rejected = feasible(floor, request, max_tables, strategy.get("requireAdjacency", False))
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


def offered_sets(floor, request):
    """`sets` (version 3): one search for the widest strategy, then each strategy's share of it."""
    strategies = request["strategies"]
    widest = max(strategy.get("maxTables", 1) for strategy in strategies)
    found, _ = feasible(floor, request, widest, False)
    sets = [[table["id"] for table in group] for group in found]
    joined = [len(ids) == 1 or connected(ids, floor["neighbours"]) for ids in sets]
    offered = []
    for strategy in strategies:
        most, adjacent_only = strategy.get("maxTables", 1), strategy.get("requireAdjacency", False)
        offered.append([i for i, ids in enumerate(sets) if len(ids) <= most and (joined[i] or not adjacent_only)])
    return sets, offered


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
                          "this engine speaks 1, 2 and 3", file=sys.stderr)
                    sys.exit(2)
                # A replay that speaks newer versions lists them in `protocols`: take the newest.
                version = max(v for v in [1, *request.get("protocols", [])] if v in (1, 2, 3))
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
            elif kind == "sets":  # version 3: one line for every strategy
                floor = floors.get(request.get("restaurant"))
                if floor is None:
                    send({"type": "error", "message": f"no floor for {request.get('restaurant')}"})
                else:
                    sets, offered = offered_sets(floor, request)
                    send({"type": "sets", "sets": sets, "offered": offered})
            else:  # answer anyway, so that replay is never left waiting
                send({"type": "error", "message": f"unknown request type {kind}"})
        except (ValueError, KeyError, TypeError, AttributeError) as problem:
            send({"type": "error", "message": f"bad request: {problem!r}"})


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # replay went away: nothing left to answer
        sys.exit(0)
