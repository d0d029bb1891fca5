"""Independent count of the LUDB delineation, used only to generate test expectations.

Reads every per-lead annotation file of LUDB with a minimal MIT-format parser of its own (16-bit words:
6-bit code, 10-bit time step; SKIP/NUM/SUB/CHN/AUX pseudo-codes skipped) and counts, per wave type,
the peaks (p, N, t), the waves (a peak not directly after a peak of the same type), and the waves with
an onset "(" directly before and an offset ")" directly after their peaks.

Run: python3 test/datasets/reference/ludb_counts.py .cache/data/ludb/ludb/data
"""

import json
import os
import struct
import sys

LEADS = ["i", "ii", "iii", "avr", "avl", "avf", "v1", "v2", "v3", "v4", "v5", "v6"]
SYMBOLS = {1: "N", 24: "p", 27: "t", 39: "(", 40: ")"}


def symbols(path):
    data = open(path, "rb").read()
    out, i = [], 0
    while i + 2 <= len(data):
        (word,) = struct.unpack_from("<H", data, i)
        i += 2
        code, datum = word >> 10, word & 0x3FF
        if word == 0:
            break
        if code == 59:
            i += 4
        elif code == 63:
            i += datum + (datum & 1)
        elif code < 59:
            out.append(SYMBOLS.get(code, "?"))
    return out


def main():
    folder = sys.argv[1]
    counts = {kind: {"peaks": 0, "waves": 0, "complete": 0} for kind in "pNt"}
    for record in range(1, 201):
        for lead in LEADS:
            s = symbols(os.path.join(folder, f"{record}.{lead}"))
            for k, sym in enumerate(s):
                if sym not in counts:
                    continue
                counts[sym]["peaks"] += 1
                if k > 0 and s[k - 1] == sym:
                    continue
                counts[sym]["waves"] += 1
                end = k
                while end + 1 < len(s) and s[end + 1] == sym:
                    end += 1
                if k > 0 and s[k - 1] == "(" and end + 1 < len(s) and s[end + 1] == ")":
                    counts[sym]["complete"] += 1
    json.dump(counts, sys.stdout)
    print()


if __name__ == "__main__":
    main()
