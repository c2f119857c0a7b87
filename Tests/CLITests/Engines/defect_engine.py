#!/usr/bin/env python3
"""An engine written from docs/engine-protocol.md alone, with search defects and rule variants
planted on purpose: what replay's oracle and `engine check` must catch.

    defect_engine.py [--defect NAME[,NAME...]] [--declare RULE[,RULE...]] [--max-candidates N]
                     [--protocol 1|2|3] [--lookahead MINUTES] [--score-busy]

Defects (sound but incomplete: every offer keeps the rules, some feasible sets are never offered):
  touching        windows that only touch (one ends at 19:00, the next starts at 19:00) overlap
  no-triples      never a set of 3 or more tables
  spare-limit     the spare-seat limit off by one: a combination must have fewer spare seats than
                  maxOverage (replay allows exactly maxOverage)
  member-minimums a combination is offered only when the party reaches every member's minimum
  no-neighbours   tables without an adjacency pair are never used
  forward-walk    adjacency is checked by a walk that only moves forward in id order: a set is
                  connected only if each table is next to one earlier in id order
  early-return    under the largest adjacency strategy (maxTables = the floor's maxTables), the
                  search stops at the first set of that many tables it finds
  cap             answers at most --max-candidates candidates (default 3), best first
  drops-current   an edit's `current` tables are taken as busy: the booking never keeps its table
Protocol 3 defects (its `sets` answer, the oracle's question):
  sets-drop       a `sets` answer leaves out each strategy's last set (its quotes offer it)
  sets-index      a `sets` answer's `offered` names an index past its `sets`
--score-busy: each candidate's score is the number of `busy` entries in the request, so an answer
changes with every entry replay lists (the frozen format-2 capture re-executes only if replay
lists what it listed then).
--declare RULE: names in the hello's `rules` (isolatedTablesUnused, memberMinimums,
singleSpareSeats); --max-candidates N with --declare maxCandidates declares the cap.
Standard library only; deterministic (sorted everywhere).
"""
import argparse
import itertools
import json
import sys

DEFECTS = ["touching", "no-triples", "spare-limit", "member-minimums", "no-neighbours", "forward-walk", "early-return", "cap",
           "drops-current", "sets-drop", "sets-index"]


def main():
    parser = argparse.ArgumentParser(description="replay engine with planted defects")
    parser.add_argument("--defect", default="", help="comma-separated defects")
    parser.add_argument("--declare", default="", help="comma-separated rule names for the hello")
    parser.add_argument("--max-candidates", type=int, default=3)
    parser.add_argument("--protocol", type=int, choices=[1, 2, 3], default=2)
    parser.add_argument("--lookahead", type=int, default=0)
    parser.add_argument("--score-busy", action="store_true")
    args = parser.parse_args()
    defects = {name for name in args.defect.split(",") if name}
    unknown = defects - set(DEFECTS)
    if unknown:
        parser.error(f"unknown defects {sorted(unknown)}")
    declared = [name for name in args.declare.split(",") if name]
    floors = {}

    def send(message):
        sys.stdout.write(json.dumps(message, separators=(",", ":"), ensure_ascii=False) + "\n")
        sys.stdout.flush()

    def overlaps(a_start, a_end, b_start, b_end):
        if "touching" in defects:
            return a_start <= b_end and b_start <= a_end
        return a_start < b_end and b_start < a_end

    def connected(ids, neighbours):
        if len(ids) == 1:
            return True
        if "forward-walk" in defects:
            reached = [ids[0]]
            for table in ids[1:]:
                if not any(other in neighbours.get(table, ()) for other in reached):
                    return False
                reached.append(table)
            return True
        seen, todo = {ids[0]}, [ids[0]]
        while todo:
            for other in sorted(neighbours.get(todo.pop(), ())):
                if other in ids and other not in seen:
                    seen.add(other)
                    todo.append(other)
        return len(seen) == len(ids)

    def answer(floor, request, strategy):
        booking = request["booking"]
        party, start, end = booking["party"], booking["start"], booking["end"]
        limit = party + floor["maxOverage"]
        busy = {entry["table"] for entry in request.get("busy", []) if overlaps(entry["start"], entry["end"], start, end)}
        excluded = set(request.get("excluded", []))
        if "drops-current" in defects:
            busy |= set(booking.get("current", []))
        neighbours = floor["neighbours"]
        usable = [t for t in floor["tables"] if t["active"] and t["id"] not in busy and t["id"] not in excluded]
        if "no-neighbours" in defects:
            usable = [t for t in usable if neighbours.get(t["id"])]
        found = []
        for table in usable:
            if table["min"] <= party <= table["max"]:
                found.append([table["id"]])
        largest = strategy["requireAdjacency"] and strategy["maxTables"] == floor["maxTables"]
        zones = sorted({t["zone"] for t in usable})
        stop = False
        for size in range(2, strategy["maxTables"] + 1):
            if stop or (size >= 3 and "no-triples" in defects):
                break
            for zone in zones:
                members = sorted((t for t in usable if t["zone"] == zone), key=lambda t: t["id"])
                for group in itertools.combinations(members, size):
                    seats = sum(t["max"] for t in group)
                    spare_ok = seats - party < floor["maxOverage"] if "spare-limit" in defects else seats <= limit
                    if seats < party or not spare_ok:
                        continue
                    if "member-minimums" in defects and any(t["min"] > party for t in group):
                        continue
                    ids = [t["id"] for t in group]
                    if strategy["requireAdjacency"] and not connected(ids, neighbours):
                        continue
                    found.append(ids)
                    if "early-return" in defects and largest and size == strategy["maxTables"]:
                        stop = True
                        break
                if stop:
                    break
        capacity = {t["id"]: t["max"] for t in floor["tables"]}
        found.sort(key=lambda ids: (sum(capacity[i] for i in ids) - party, len(ids), ids))
        if "cap" in defects:
            found = found[: args.max_candidates]
        if args.score_busy:
            return {"type": "candidates", "candidates": [{"tables": ids, "score": len(request.get("busy", []))} for ids in found]}
        return {"type": "candidates", "candidates": [{"tables": ids} for ids in found]}

    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        kind = request.get("type")
        if kind == "hello":
            version = args.protocol if args.protocol in request.get("protocols", [1]) else 1
            hello = {"type": "hello", "protocol": version, "engine": "defects:" + (args.defect or "none"), "version": "1",
                     "lookaheadMinutes": args.lookahead}
            rules = [name for name in declared if name != "maxCandidates"]
            if rules:
                hello["rules"] = rules
            if "maxCandidates" in declared:
                hello["maxCandidates"] = args.max_candidates
            send(hello)
        elif kind == "floor":
            neighbours = {}
            for a, b in request["adjacency"]:
                neighbours.setdefault(a, set()).add(b)
                neighbours.setdefault(b, set()).add(a)
            floors[request["restaurant"]] = {**request, "neighbours": neighbours}
            send({"type": "ok"})
        elif kind == "sets":
            floor = floors[request["restaurant"]]
            sets, offered = [], []
            for strategy in request["strategies"]:
                mine = []
                candidates = answer(floor, request, strategy)["candidates"]
                if "sets-drop" in defects:
                    candidates = candidates[:-1]
                for candidate in candidates:
                    ids = sorted(candidate["tables"])
                    if ids not in sets:
                        sets.append(ids)
                    mine.append(sets.index(ids))
                offered.append(mine + ([len(sets)] if "sets-index" in defects else []))
            send({"type": "sets", "sets": sets, "offered": offered})
        elif kind in ("quote", "quotes"):
            floor = floors[request["restaurant"]]
            for strategy in request["strategies"] if kind == "quotes" else [request["strategy"]]:
                send(answer(floor, request, strategy))
        else:
            send({"type": "error", "message": f"unknown request {kind}"})


if __name__ == "__main__":
    main()
