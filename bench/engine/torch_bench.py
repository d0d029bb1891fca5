"""Times the reference model in PyTorch CPU: training and inference samples/s and peak memory for one
configuration, printed as one JSON line. Called by bench/engine/index.ts once per configuration, each in a
fresh process so that peak memory (ru_maxrss) belongs to that configuration alone.

usage: python3 torch_bench.py --length 3000 --threads 2 --mode train|infer --batch 64 --seconds 20
"""
import argparse
import json
import os
import resource
import time

# NOTE: Debian's PyTorch does its matrix products in the system BLAS, and OpenBLAS runs its own thread pool
# beside torch's. Left alone, the "1-thread" run used two cores, and the 2-thread run oversubscribed them
# (4 busy threads, 11-18% slower than this). BLAS calls stay single-threaded inside torch's own threads, the
# layout torch's MKL builds use; set OPENBLAS_NUM_THREADS to try another.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402 (after the BLAS thread setting)
import torch.nn.functional as F

from torch_model import ReferenceModel, load_config


def batch(cfg, n, length):
    ae, at = cfg["autoencoder"], cfg["attention"]
    return (
        torch.randn(n, cfg["inChannels"], length),
        torch.randn(n, ae["steps"], ae["features"]),
        torch.randint(0, at["ageBuckets"], (n,)),
        torch.randint(0, at["sexes"], (n,)),
        torch.randint(0, cfg["classes"], (n,)),
    )


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--length", type=int, required=True)
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--mode", choices=["train", "infer"], required=True)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--warmup", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    cfg = load_config()
    model = ReferenceModel(cfg)
    x, seq, age, sex, y = batch(cfg, a.batch, a.length)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)

    def train_step():
        opt.zero_grad(set_to_none=True)
        logits, recon = model(x, seq, age, sex)
        loss = F.cross_entropy(logits, y) + F.mse_loss(recon, seq)
        loss.backward()
        opt.step()

    def infer_step():
        with torch.no_grad():
            model(x, seq, age, sex)

    if a.mode == "train":
        model.train()
        step = train_step
    else:
        model.eval()
        step = infer_step
    for _ in range(a.warmup):
        step()
    steps, start, cpu_start = 0, time.perf_counter(), time.process_time()
    while True:
        step()
        steps += 1
        elapsed = time.perf_counter() - start
        if elapsed >= a.seconds and steps >= 3:
            break
    cpu_seconds = time.process_time() - cpu_start
    print(json.dumps({
        "peer": "pytorch",
        "version": torch.__version__,
        "mode": a.mode,
        "length": a.length,
        "threads": a.threads,
        "batch": a.batch,
        "steps": steps,
        "seconds": elapsed,
        "samplesPerSecond": steps * a.batch / elapsed,
        "cpuSeconds": cpu_seconds,
        "samplesPerCpuSecond": steps * a.batch / cpu_seconds,
        "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "parameters": sum(q.numel() for q in model.parameters()),
        "blas": blas_library(),
        "blasThreads": os.environ["OPENBLAS_NUM_THREADS"],
    }))


def blas_library():
    """The BLAS library PyTorch's matrix products go through: Debian's python3-torch uses the system libblas.so.3
    alternative (the reference BLAS unless OpenBLAS or another is installed), which changes its speed."""
    for line in open("/proc/self/maps"):
        if "libblas" in line or "openblas" in line:
            return os.path.realpath(line.split()[-1])
    return None


if __name__ == "__main__":
    main()
