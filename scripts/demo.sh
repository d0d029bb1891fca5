#!/usr/bin/env bash
# The main job on data that needs no download: simulate a one-minute ECG with known beats and P waves,
# detect them, score the detection against the truth (EC57 beat-by-beat), and draw the first 10 s.
# Outputs go to demo/ (git-ignored); run `npm run demo` again at will.
set -euo pipefail
cd "$(dirname "$0")/.."
ecg() { node bin/efficientecg.js "$@"; }
ecg simulate demo/synthetic --force
ecg detect demo/synthetic --out-dir demo --force
ecg bxb demo/synthetic.atr demo/synthetic.qrs --start-s 0 | tail -3
ecg plot demo/synthetic --from 0 --to 10 --out demo/synthetic.svg --force
