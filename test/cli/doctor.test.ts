import { afterEach, describe, expect, it, vi } from "vitest";
import { doctorReport, formatDoctorReport, register, selfCheck } from "../../src/cli/doctor.js";
import { BackendError } from "../../src/tensor/errors.js";
import type { Kernels } from "../../src/tensor/kernels/kernels.js";
import type { NativeAddonInfo, NativeKernels } from "../../src/tensor/kernels/native.js";
import { referenceKernels } from "../../src/tensor/kernels/reference.js";
import { runCommand } from "../helpers/cli.js";
import { native } from "../tensor/kernels/native-helpers.js";

const FAKE_INFO: NativeAddonInfo = {
  version: 1,
  isa: "avx2",
  isas: ["scalar", "avx2"],
  cpu: {
    x86: true,
    avx2: true,
    fma: true,
    avx512f: false,
    avx512dq: false,
    avx512bw: false,
    avx512vl: false,
  },
  threads: 4,
  cores: 8,
  compiler: "fake cc",
};

/** A NativeKernels stand-in built on the reference kernels, with some kernels replaced. */
function fakeNative(overrides: Partial<Kernels> = {}): NativeKernels & { isaCalls: string[] } {
  const isaCalls: string[] = [];
  const fake = {
    ...referenceKernels,
    ...overrides,
    name: "native",
    source: { path: "/fake/efficientecg.node", tried: [{ path: "/fake/efficientecg.node" }] },
    info: () => FAKE_INFO,
    setIsa: (isa: string) => {
      isaCalls.push(isa);
      return isa;
    },
    isaCalls,
  };
  return fake as unknown as NativeKernels & { isaCalls: string[] };
}

/** Runs `efficientecg doctor ...args`; returns stdout and the exit code it set. */
const runDoctor = (...args: string[]) => runCommand(register, "doctor", ...args);

describe("doctor", () => {
  afterEach(() => vi.restoreAllMocks());

  it("reports every path tried and skips the self-check when the native kernels do not load", () => {
    const report = doctorReport(() => {
      throw new BackendError(
        "native kernels unavailable; tried:\n  - /a/build/Release/efficientecg.node: not found\nBuild the addon ...",
      );
    });
    expect(report.native).toEqual({
      loaded: false,
      error:
        "native kernels unavailable; tried:\n  - /a/build/Release/efficientecg.node: not found\nBuild the addon ...",
    });
    expect(report.ok).toBe(true);
    const text = formatDoctorReport(report);
    expect(text).toContain("native kernels:   not loaded\n");
    expect(text).toContain("  - /a/build/Release/efficientecg.node: not found\n");
    expect(text).toContain(
      "self-check:       skipped (no native kernels; the TypeScript reference kernels are in use)",
    );
  });

  it("lists CPU features, the ISA path, threads and a PASS per kernel and path for correct kernels", () => {
    const fake = fakeNative();
    const report = doctorReport(() => fake);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.isa)).toEqual([...Array(7).fill("avx2"), ...Array(7).fill("scalar")]);
    expect(fake.isaCalls).toEqual(["avx2", "scalar", "avx2"]); // both paths checked, the original restored
    const text = formatDoctorReport(report);
    expect(text).toContain("native kernels:   loaded from /fake/efficientecg.node\n");
    expect(text).toContain(
      "CPU features:     avx2 yes, fma yes, avx512f no, avx512dq no, avx512bw no, avx512vl no\n",
    );
    expect(text).toContain("instruction set:  avx2 (this CPU can run: scalar, avx2)\n");
    expect(text).toContain("threads:          4 (8 cores available)\n");
    expect(text).toMatch(/ {2}PASS {2}avx2 {4}gemm 37x45x29 \(transposed B\) +max error 0\.0e\+0\n/);
    expect(text).toContain("result:           PASS (14/14 checks passed)\n");
  });

  it("marks a wrong or throwing kernel FAIL and the report not ok", () => {
    const fake = fakeNative({
      gemm: (...args: Parameters<Kernels["gemm"]>) => {
        referenceKernels.gemm(...args);
        args[12][5] += 0.5;
      },
      softmax: () => {
        throw new Error("boom");
      },
    });
    const report = doctorReport(() => fake);
    expect(report.ok).toBe(false);
    const failed = report.checks.filter((c) => !c.pass).map((c) => `${c.isa} ${c.kernel} ${c.error ?? ""}`);
    expect(failed).toEqual([
      "avx2 gemm 37x45x29 (transposed B) ",
      "avx2 softmax and log-softmax boom",
      "scalar gemm 37x45x29 (transposed B) ",
      "scalar softmax and log-softmax boom",
    ]);
    const text = formatDoctorReport(report);
    expect(text).toContain("  FAIL  avx2    softmax and log-softmax                      threw boom\n");
    expect(text).toContain("result:           FAIL (10/14 checks passed)\n");
  });

  it("prints the report (text or --json) and sets exit code 0 when everything passes", async () => {
    const text = await runDoctor();
    expect(text.out).toContain("backend in use:   ");
    expect(text.exitCode ?? 0).toBe(0);
    const json = JSON.parse((await runDoctor("--json")).out);
    expect(Object.keys(json)).toEqual(["backend", "native", "checks", "ok"]);
    expect(json.ok).toBe(true);
  });

  it.skipIf(!native)("passes every self-check with the built addon on each ISA path this CPU runs", () => {
    const checks = selfCheck(native!);
    expect(checks.filter((c) => !c.pass)).toEqual([]);
    expect(new Set(checks.map((c) => c.isa))).toEqual(new Set(native!.info().isas));
  });
});
