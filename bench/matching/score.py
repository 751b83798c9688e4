"""Reads `ask --json` lines on stdin and the expected topics from the TSV given as argument; prints misses and rates."""
import json
import sys

expected = [("-" if l.split("\t")[0] in ("-", "fallback") else l.split("\t")[0]).strip() for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
ins = oks = outs = okf = 0
for exp, line in zip(expected, sys.stdin):
    d = json.loads(line)
    got = d["topic"] or "-"
    if exp == "-":
        outs += 1
        okf += got == "-"
    else:
        ins += 1
        oks += got == exp
    if got != exp:
        print(f"MISS expected {exp:30} got {got:30} {d['outcome']:9} {d['question']}")
print(f"in-scope: {oks}/{ins} = {oks / max(ins, 1):.1%}   out-of-scope fallback: {okf}/{outs} = {okf / max(outs, 1):.1%}")
