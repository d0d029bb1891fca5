import { describe, expect, it } from "vitest";
import { kernelsFor } from "../../../src/tensor/backend.js";
import { addGradReduced, broadcastInto, sumAxes, sumToShape } from "../../../src/tensor/ops/broadcast.js";
import { Tensor } from "../../../src/tensor/tensor.js";

const k = kernelsFor("float64");
const cube = () => Tensor.arange(24, undefined, 1, { dtype: "float64" }).reshape([2, 3, 4]);

describe("broadcast helpers", () => {
  it("sumAxes reduces runs of axes, to the requested final shape", () => {
    const x = cube();
    expect(sumAxes(k, x.data, x.shape, [0, 2], x, false).toArray()).toEqual([60, 92, 124]);
    expect(sumAxes(k, x.data, x.shape, [1, 2], x, false, [2, 1]).toArray()).toEqual([[66], [210]]);
    expect(sumAxes(k, x.data, x.shape, [], x, false).toArray()).toEqual(x.toArray());
  });
  it("sumToShape sums a broadcast gradient back to an input's shape and passes equal sizes through", () => {
    const g = cube();
    expect(sumToShape(k, g, [3, 1]).toArray()).toEqual([[60], [92], [124]]);
    expect(sumToShape(k, g, [1, 2, 3, 4])).toBe(g);
  });
  it("addGradReduced accumulates alpha times the reduced gradient", () => {
    const t = Tensor.zeros([4], { dtype: "float64", requiresGrad: true });
    addGradReduced(k, t, cube(), 0.5);
    expect(Array.from(t.grad!.data)).toEqual([30, 33, 36, 39]); // 0.5 * (60 + 6 k)
  });
  it("broadcastInto repeats a source over stretched axes, accumulating when asked", () => {
    const dst = new Float64Array(6).fill(1);
    broadcastInto(k, Float64Array.of(10, 20), [2, 1], dst, [2, 3], true);
    expect(Array.from(dst)).toEqual([11, 11, 11, 21, 21, 21]);
  });
});
