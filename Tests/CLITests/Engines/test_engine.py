#!/usr/bin/env python3
"""A test engine for replay's engine protocol (docs/engine-protocol.md): the complete
allocator of allocator.py, which misbehaves on purpose when asked.

    test_engine.py [--behaviour NAME] [--after N] [--lookahead MINUTES] [--protocol 1|2]

--after N: the misbehaviour starts at the N-th quote (1-based, default 1); each strategy of
a `quotes` request counts as one quote.
--protocol 2: answers the hello with protocol 2 when replay offers it, and each `quotes`
request with one line per strategy (default 1: never asked `quotes`).
Behaviours:
  complete           correct answers
  singles-only       offers single tables only (misses combinations: phantom unavailability)
  lying              puts a set that breaks a rule first (a busy table if the floor allows,
                     else an inactive one, else two zones, else an unknown table)
  nondeterministic   correct sets, random order and scores (seeded from pid and time)
  hang               from quote N on, never answers (sleeps 600 s, then exits 0)
  crash              at quote N, exits with status 3 without answering
  garbage            at quote N, writes `this is not json`, then goes on correctly
  wrong-type         at quote N, answers {"type":"banana"}, then goes on correctly
  error              at quote N (only), answers an error, then goes on correctly
  unknown-keys       correct, with unknown keys in every answer and in every candidate
  bad-hello-version  answers the hello with protocol 9 (replay speaks 1 to 3)
  stderr-chatter     correct, and one line on stderr per request
  short-quotes       with --protocol 2: answers every quotes with one error line (not one per strategy)
  quotes-drift       with --protocol 2: in a quotes, every line after the first offers nothing
  huge-numbers       at quote N, a candidate scored 10^17 and a rejected count of 10^17 (past the
                     ranges a capture may hold), then goes on correctly
  wide-candidate     at quote N, adds a candidate of 101 tables (past the limit of 100)
  long-name          names itself with 300 bytes in the hello (past the limit of 200)
  terminal-name      names itself with an escape sequence, a NUL and a line break in the hello
Standard library only. Misbehaviours are logged on stderr.
"""
import argparse
import json
import os
import random
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from allocator import lie, prepare, quote  # noqa: E402

BEHAVIOURS = ["complete", "singles-only", "lying", "nondeterministic", "hang", "crash",
              "garbage", "wrong-type", "error", "unknown-keys", "bad-hello-version",
              "stderr-chatter", "short-quotes", "quotes-drift", "huge-numbers",
              "wide-candidate", "long-name", "terminal-name"]
EXTRA = {"x-debug": {"nested": [1, 2.5, None, True, "Été"]}, "futureKey": "ignored"}


def log(text):
    print(f"test-engine: {text}", file=sys.stderr, flush=True)


def write(text):
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
    sys.stdout.buffer.flush()


def main():
    parser = argparse.ArgumentParser(description="replay test engine")
    parser.add_argument("--behaviour", choices=BEHAVIOURS, default="complete")
    parser.add_argument("--after", type=int, default=1, help="first misbehaving quote (1-based)")
    parser.add_argument("--lookahead", type=int, default=0, help="lookaheadMinutes of the hello")
    parser.add_argument("--protocol", type=int, choices=[1, 2], default=1, help="the newest version to speak")
    args = parser.parse_args()
    if args.after < 1:
        parser.error("--after counts quotes from 1")
    behaviour, after = args.behaviour, args.after
    rng = random.Random(os.getpid() * 1_000_003 + time.time_ns())

    def send(message):
        if behaviour == "unknown-keys":
            message = {**message, **EXTRA}
        write(json.dumps(message, ensure_ascii=False, separators=(",", ":")))

    floors, quotes, requests = {}, 0, 0

    def answer_quote(request):
        """One quote's answer line (or none, for the behaviours that end the process)."""
        nonlocal quotes
        quotes += 1
        now = quotes >= after  # misbehave from this quote on
        if now and behaviour == "hang":
            log(f"hanging at quote {quotes}")
            time.sleep(600)
            sys.exit(0)
        if quotes == after and behaviour == "crash":
            log(f"crashing at quote {quotes}")
            sys.exit(3)
        if quotes == after and behaviour == "garbage":
            write("this is not json")
            return
        if quotes == after and behaviour in ("wrong-type", "error"):
            send({"type": "banana"} if behaviour == "wrong-type"
                 else {"type": "error", "message": "planner exploded"})
            return
        floor = floors.get(request.get("restaurant"))
        if floor is None:
            send({"type": "error", "message": f"no floor for {request.get('restaurant')}"})
            return
        candidates, rejected = quote(floor, request,
                                     singles_only=now and behaviour == "singles-only")
        if now and behaviour == "lying":
            candidates = [lie(floor, request, candidates)] + candidates
        if now and behaviour == "nondeterministic":
            if rng.random() < 0.5:
                candidates.reverse()
            for candidate in candidates:
                candidate["score"] += rng.randrange(1, 1_000_000_000)
        if behaviour == "unknown-keys":
            candidates = [{**candidate, "why": "fits", "x-rank": i}
                          for i, candidate in enumerate(candidates)]
        if quotes == after and behaviour == "wide-candidate":
            candidates = candidates + [{"tables": [f"T{i}" for i in range(1, 102)], "score": 0}]
        if quotes == after and behaviour == "huge-numbers":
            for candidate in candidates:
                candidate["score"] = 10 ** 17
            rejected = dict(rejected, booked=10 ** 17)
        send({"type": "candidates", "candidates": candidates, "rejected": rejected})

    for line in iter(sys.stdin.buffer.readline, b""):  # until replay closes stdin
        if not line.strip():
            continue
        requests += 1
        try:
            request = json.loads(line)
            kind = request.get("type")
            if behaviour == "stderr-chatter":
                log(f"request {requests}: {kind}")
            if kind == "hello":
                if request.get("protocol") != 1:
                    log(f"replay speaks protocol {request.get('protocol')}, this engine speaks 1")
                    sys.exit(2)
                offered = request.get("protocols", [1])
                version = 2 if args.protocol == 2 and 2 in offered else 1
                if behaviour == "bad-hello-version":
                    version = 9
                name = {"long-name": "x" * 300, "terminal-name": "evil\u001b[2J\u0000\r\nname"}.get(behaviour, "test-engine")
                send({"type": "hello", "protocol": version, "engine": name,
                      "version": "1.0.0", "lookaheadMinutes": args.lookahead})
            elif kind == "floor":
                floors[request["restaurant"]] = prepare(request)
                send({"type": "ok"})
            elif kind == "quote":
                answer_quote(request)
            elif kind == "quotes" and args.protocol == 2 and behaviour == "short-quotes":
                send({"type": "error", "message": "one line for the whole batch"})
            elif kind == "quotes" and args.protocol == 2:
                for position, strategy in enumerate(request["strategies"]):
                    if position > 0 and behaviour == "quotes-drift":
                        send({"type": "candidates", "candidates": []})
                        continue
                    answer_quote({**request, "strategy": strategy})
            else:
                send({"type": "error", "message": f"unknown request type {kind}"})
        except (ValueError, KeyError, TypeError, AttributeError) as problem:
            send({"type": "error", "message": f"bad request: {problem!r}"})


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        sys.exit(0)
