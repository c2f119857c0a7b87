"""The complete allocator of the test engines (the rules of replay's built-in allocator).

The same search as examples/engines/python/engine.py, plus `relax`: rules to ignore, which
test_engine.py uses to build offers that break exactly one rule.
  "busy"      tables with an overlapping busy entry count as free
  "inactive"  inactive tables count as active
  "zones"     every table is in one zone
"""
import os
import sys
from collections import Counter

# The example's own helpers: the test engines build on the engine people copy.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "examples", "engines", "python"))
from engine import connected, natural_key, prepare  # noqa: E402,F401  (prepare is re-exported)


def blocked_tables(request):
    """Table id -> "booked" or "held", for busy entries overlapping the booking's window."""
    start, end = request["booking"]["start"], request["booking"]["end"]
    blocked = {}
    for entry in request.get("busy", []):
        if entry["start"] < end and start < entry["end"]:
            blocked.setdefault(entry["table"], "held" if entry.get("kind") == "hold" else "booked")
    return blocked


def quote(floor, request, relax=(), singles_only=False):
    """Every feasible table set (sorted id lists), best first, their scores, rejection counts."""
    booking, strategy = request["booking"], request.get("strategy", {})
    party = booking["party"]
    max_tables = 1 if singles_only else strategy.get("maxTables", floor.get("maxTables", 1))
    adjacent_only = strategy.get("requireAdjacency", False)
    seat_limit = party + floor.get("maxOverage", 4)
    blocked = {} if "busy" in relax else blocked_tables(request)
    active = lambda table: table.get("active", True) or "inactive" in relax
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
        if not active(table):
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
        if active(table):
            zones.setdefault("" if "zones" in relax else table.get("zone", ""), []).append(table)
    for members in zones.values():
        extend(members, 0, [], 0)

    ranked = []
    for group in found:
        ids = sorted((table["id"] for table in group), key=natural_key)
        wasted = sum(table["max"] for table in group) - party
        ranked.append(((wasted, len(ids), [natural_key(i) for i in ids]), ids, wasted))
    ranked.sort(key=lambda item: item[0])
    candidates = [{"tables": ids, "score": 10 * wasted + len(ids)} for _, ids, wasted in ranked]
    return candidates, dict(sorted(rejected.items()))


def lie(floor, request, honest):
    """A table set that breaks a rule, for the `lying` engine: one with a busy table (one
    that breaks no other rule when the floor has one), else the same with an inactive table,
    else tables of two zones, else a table that does not exist."""
    offered = [candidate["tables"] for candidate in honest]
    blocked = blocked_tables(request)
    alone = {"busy": [t["id"] for t in floor["tables"] if t["id"] in blocked],
             "inactive": [t["id"] for t in floor["tables"] if not t.get("active", True)],
             "zones": []}
    firsts = {}  # the first table of each zone: two of them make a mixed-zone pair
    for table in floor["tables"]:
        firsts.setdefault(table.get("zone", ""), table["id"])
    if len(firsts) > 1:
        alone["zones"] = list(firsts.values())[:2]
    for rule in ("busy", "inactive", "zones"):
        for candidate in quote(floor, request, relax=(rule,))[0]:
            if candidate["tables"] not in offered:
                return candidate
        if alone[rule]:
            return {"tables": alone[rule][:2 if rule == "zones" else 1], "score": 0}
    return {"tables": ["no such table"], "score": 0}
