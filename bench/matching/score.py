"""Reads `ask --json` lines on stdin and the expected topics from the TSV given as argument; prints misses and rates.

Expected column: a topic id, "a|b" when either answer is right (two questions in one message), or "-" for off-topic.
"""
import json
import sys

expected = [("-" if l.split("\t")[0] in ("-", "fallback") else l.split("\t")[0]).strip() for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
ins = oks = outs = okf = clar_in = clar_out = 0
for exp, line in zip(expected, sys.stdin):
    d = json.loads(line)
    got = d["topic"] or "-"
    clarify = d["outcome"].lower() == "clarify"
    if exp == "-":
        outs += 1
        okf += got == "-" and not clarify
        clar_out += clarify
        ok = got == "-" and not clarify
    else:
        ins += 1
        ok = got in exp.split("|")
        oks += ok
        clar_in += clarify
    if not ok:
        extra = " [" + ",".join(d.get("candidates") or []) + "]" if clarify else ""
        print(f"MISS expected {exp:30} got {got:30} {d['outcome']:9} {d['question']}{extra}")
print(f"in-scope right topic: {oks}/{ins} = {oks / max(ins, 1):.1%} (clarify {clar_in})   "
      f"off-topic correct fallback: {okf}/{outs} = {okf / max(outs, 1):.1%} (clarify {clar_out})")
