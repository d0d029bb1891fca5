import { describe, expect, it } from "vitest";
import { chooseBeats } from "../../../src/detect/qrs/decide.js";

const fs = 100; // one sample = 10 ms keeps the hand-made candidate lists readable

// Candidates as [time in s, height] pairs -> chosen candidate times.
function choose(candidates: Array<[number, number]>): number[] {
  const positions = Int32Array.from(candidates, ([t]) => Math.round(t * fs));
  const heights = Float64Array.from(candidates, ([, h]) => h);
  return Array.from(chooseBeats(positions, heights, fs), (k) => candidates[k][0]);
}
const beatsEvery = (rr: number, count: number, height = 10): Array<[number, number]> =>
  Array.from({ length: count }, (_, i) => [1 + i * rr, height]);
const sorted = (c: Array<[number, number]>) => c.sort((a, b) => a[0] - b[0]);

describe("chooseBeats", () => {
  it("accepts a regular train of equal candidates", () => {
    expect(choose(beatsEvery(0.8, 30))).toEqual(beatsEvery(0.8, 30).map(([t]) => t));
  });

  it("rejects T waves: half-height candidates 300 ms after each beat", () => {
    const beats = beatsEvery(1, 30);
    const tWaves = beats.map(([t]): [number, number] => [t + 0.3, 4]);
    expect(choose(sorted([...beats, ...tWaves]))).toEqual(beats.map(([t]) => t));
  });

  it("rejects P waves: weak candidates 250 ms before taller beats", () => {
    const beats = beatsEvery(1, 30);
    const pWaves = beats.filter((_, i) => i % 4 === 1).map(([t]): [number, number] => [t - 0.25, 6]);
    expect(choose(sorted([...beats, ...pWaves]))).toEqual(beats.map(([t]) => t));
  });

  it("keeps the higher of two candidates closer than the 200 ms refractory period", () => {
    const beats = beatsEvery(1, 20);
    const echo: [number, number] = [beats[10][0] + 0.17, 9];
    expect(choose(sorted([...beats, echo]))).toEqual(beats.map(([t]) => t));
  });

  it("recovers a small beat from a long RR gap by search-back, but not one below a quarter of the level", () => {
    const beats = beatsEvery(1, 30);
    beats[15] = [beats[15][0], 3]; // 0.3 of its neighbours: below the 0.45 acceptance ratio
    expect(choose(beats)).toContain(beats[15][0]);
    beats[15] = [beats[15][0], 2]; // 0.2: below the 0.25 search-back ratio
    expect(choose(beats)).not.toContain(beats[15][0]);
  });

  it("follows the amplitude when it falls tenfold over the record, and after a sudden drop", () => {
    const fading = Array.from({ length: 200 }, (_, i): [number, number] => [1 + i, 10 * 0.1 ** (i / 199)]);
    expect(choose(fading).length).toBe(200);
    const dropped = Array.from({ length: 200 }, (_, i): [number, number] => [1 + i, i < 100 ? 10 : 1]);
    expect(choose(dropped).length).toBe(200);
  });

  it("returns nothing for no candidates", () => {
    expect(choose([])).toEqual([]);
  });
});
