"""Independent reference decoder for the WFDB sample records, used only to generate test expectations.

Written from the WFDB format documentation (https://physionet.org/physiotools/wag/signal-5.htm and
header-5.htm), with numpy whole-array bit operations instead of the TypeScript reader's per-sample loops.
For every record in samples/wfdb_python and samples/wfdb_c/100s it writes, per signal at its own rate
(samples per frame x frames, skew applied), a summary of the digital samples to wfdb_reference.json:
first and last 5 values, count, invalid count, min, max, sum, and a polynomial hash.

Run: python3 test/io/reference/wfdb_reference.py /work/shared/data/samples > test/io/reference/wfdb_reference.json
"""

import json
import os
import sys

import numpy as np

INVALID = None  # marker for invalid samples in the Python lists
SENTINEL = {16: -32768, 61: -32768, 160: -32768, 80: -128, 212: -2048, 310: -512, 311: -512,
            24: -(2 ** 23), 32: -(2 ** 31)}
HASH_P = 2147483647


def sign_extend(values, bits):
    values = values.astype(np.int64) & ((1 << bits) - 1)
    return np.where(values >= (1 << (bits - 1)), values - (1 << bits), values)


def decode(raw, fmt):
    """All whole samples held by the bytes, in storage order, as int64."""
    b = np.frombuffer(raw, dtype=np.uint8).astype(np.int64)
    if fmt == 8:
        return sign_extend(b, 8)
    if fmt == 80:
        return b - 128
    if fmt in (16, 61, 160):
        b = b[: len(b) // 2 * 2].reshape(-1, 2)
        lo, hi = (b[:, 1], b[:, 0]) if fmt == 61 else (b[:, 0], b[:, 1])
        word = lo | (hi << 8)
        return word - 32768 if fmt == 160 else sign_extend(word, 16)
    if fmt == 24:
        b = b[: len(b) // 3 * 3].reshape(-1, 3)
        return sign_extend(b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16), 24)
    if fmt == 32:
        b = b[: len(b) // 4 * 4].reshape(-1, 4)
        return sign_extend(b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16) | (b[:, 3] << 24), 32)
    if fmt == 212:
        # Pad to whole 3-byte groups; a trailing odd sample needs only 2 bytes.
        n = len(b) // 3 * 2 + (1 if len(b) % 3 >= 2 else 0)
        g = np.concatenate([b, np.zeros(3 - len(b) % 3 if len(b) % 3 else 0, dtype=np.int64)]).reshape(-1, 3)
        s0 = g[:, 0] | ((g[:, 1] & 0x0F) << 8)
        s1 = g[:, 2] | ((g[:, 1] >> 4) << 8)
        return sign_extend(np.stack([s0, s1], axis=1).reshape(-1), 12)[:n]
    if fmt in (310, 311):
        rem = len(b) % 4
        extra = (1 if rem >= 2 else 0) if fmt == 310 else (0, 0, 1, 2)[rem]
        n = len(b) // 4 * 3 + extra
        g = np.concatenate([b, np.zeros((4 - rem) % 4, dtype=np.int64)]).reshape(-1, 4)
        if fmt == 310:
            x = g[:, 0] | (g[:, 1] << 8)
            y = g[:, 2] | (g[:, 3] << 8)
            parts = [(x >> 1) & 0x3FF, (y >> 1) & 0x3FF, (x >> 11) | ((y >> 11) << 5)]
        else:
            w = g[:, 0] | (g[:, 1] << 8) | (g[:, 2] << 16) | (g[:, 3] << 24)
            parts = [w & 0x3FF, (w >> 10) & 0x3FF, (w >> 20) & 0x3FF]
        return sign_extend(np.stack(parts, axis=1).reshape(-1), 10)[:n]
    raise ValueError(f"format {fmt}")


def parse_header(path):
    lines = [l.strip() for l in open(path, encoding="utf-8", errors="replace").read().splitlines()]
    lines = [l for l in lines if l and not l.startswith("#")]
    rec = lines[0].split()
    nsig = int(rec[1])
    nsamp = int(rec[3]) if len(rec) > 3 else 0
    signals = []
    for line in lines[1 : 1 + nsig]:
        f = line.split()
        fmt_field = f[1]
        skew = offset = 0
        spf = 1
        if "+" in fmt_field:
            fmt_field, offset = fmt_field.split("+")
        if ":" in fmt_field:
            fmt_field, skew = fmt_field.split(":")
        if "x" in fmt_field:
            fmt_field, spf = fmt_field.split("x")
        init = int(f[5]) if len(f) > 5 else (int(f[4]) if len(f) > 4 else 0)
        checksum = int(f[6]) if len(f) > 6 else None
        signals.append(dict(file=f[0], fmt=int(fmt_field), spf=int(spf), skew=int(skew), offset=int(offset),
                            init=init, checksum=checksum))
    return nsamp, signals


def record_signals(folder, name):
    nsamp, signals = parse_header(os.path.join(folder, name + ".hea"))
    out = []
    files = []
    for s in signals:
        if not files or files[-1][0] != s["file"]:
            files.append((s["file"], []))
        files[-1][1].append(s)
    for file_name, members in files:
        raw = open(os.path.join(folder, file_name), "rb").read()[members[0]["offset"]:]
        stream = decode(raw, members[0]["fmt"])
        frame = sum(m["spf"] for m in members)
        frames_in_file = len(stream) // frame
        frames = nsamp or frames_in_file
        stream = stream[: frames_in_file * frame].reshape(frames_in_file, frame)
        col = 0
        for m in members:
            block = stream[:, col : col + m["spf"]].reshape(-1)  # this signal, in file order
            col += m["spf"]
            if m["fmt"] == 8:
                block = m["init"] + np.cumsum(block)
            stored_checksum = int(np.sum(block[: frames * m["spf"]])) & 0xFFFF
            values = [int(v) for v in block]
            if m["fmt"] in SENTINEL:
                values = [INVALID if v == SENTINEL[m["fmt"]] else v for v in values]
            start = m["skew"] * m["spf"]
            values = values[start : start + frames * m["spf"]]
            values += [INVALID] * (frames * m["spf"] - len(values))
            out.append(dict(checksum_ok=(m["checksum"] is None or stored_checksum == (m["checksum"] & 0xFFFF)),
                            values=values))
    return out


def summary(values):
    valid = [v for v in values if v is not INVALID]
    h = 0
    for v in values:
        h = (h * 31 + ((v if v is not INVALID else -(2 ** 31)) % HASH_P)) % HASH_P
    return dict(count=len(values), invalid=len(values) - len(valid), first=values[:5], last=values[-5:],
                min=min(valid), max=max(valid), sum=sum(valid), hash=h)


def main():
    root = sys.argv[1]
    result = {}
    targets = [("wfdb_c", "100s")] + [
        ("wfdb_python", n) for n in ["03700181", "100_3chan", "3000003_0003", "a103l", "binformats",
                                     "s0010_re", "test01_00s", "v102s"]]
    for folder, name in targets:
        signals = record_signals(os.path.join(root, folder), name)
        result[name] = [dict(summary(s["values"]), checksum_ok=s["checksum_ok"]) for s in signals]
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
