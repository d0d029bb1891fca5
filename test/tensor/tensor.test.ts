import { describe, expect, it } from "vitest";
import { ShapeError, TensorError } from "../../src/tensor/errors.js";
import { Generator } from "../../src/tensor/random.js";
import { Tensor } from "../../src/tensor/tensor.js";

describe("factories", () => {
  it("zeros, ones and full fill a fresh tensor", () => {
    expect(Tensor.zeros([2, 2]).toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(Array.from(Tensor.ones([3]).data)).toEqual([1, 1, 1]);
    const f = Tensor.full([2], 2.5, { dtype: "float64" });
    expect(f.dtype).toBe("float64");
    expect(f.data).toBeInstanceOf(Float64Array);
    expect(Array.from(f.data)).toEqual([2.5, 2.5]);
  });

  it("from infers the shape of nested arrays and the dtype of typed arrays", () => {
    const t = Tensor.from([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.size).toBe(6);
    expect(t.dtype).toBe("float32");
    expect(Tensor.from(new Float64Array([1, 2])).dtype).toBe("float64");
    expect(Tensor.from(new Float32Array(6), [2, 3]).shape).toEqual([2, 3]);
    expect(Tensor.from(7).shape).toEqual([]);
    expect(Tensor.from(7).item()).toBe(7);
  });

  it("from copies its input", () => {
    const source = new Float32Array([1, 2]);
    const t = Tensor.from(source);
    source[0] = 9;
    expect(t.data[0]).toBe(1);
  });

  it("randn and rand are reproducible with a seeded generator", () => {
    const a = Tensor.randn([100], { generator: new Generator(3) });
    const b = Tensor.randn([100], { generator: new Generator(3) });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    const u = Tensor.rand([1000], { generator: new Generator(4) });
    expect(Math.min(...u.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u.data)).toBeLessThan(1);
  });

  it("arange counts like Python's range", () => {
    expect(Array.from(Tensor.arange(4).data)).toEqual([0, 1, 2, 3]);
    expect(Array.from(Tensor.arange(1, 2, 0.25).data)).toEqual([1, 1.25, 1.5, 1.75]);
    expect(Array.from(Tensor.arange(3, 0, -1).data)).toEqual([3, 2, 1]);
    expect(Tensor.arange(2, 2).size).toBe(0);
  });

  it("rejects ragged arrays, mismatched sizes and bad shapes with the op's name", () => {
    expect(() => Tensor.from([[1, 2], [3]])).toThrow(
      new ShapeError("Tensor.from: ragged nested arrays (axis 1 should have length 2)"),
    );
    expect(() => Tensor.from([1, 2, 3], [2, 2])).toThrow(
      "Tensor.from: 3 values do not fill shape [2, 2] (4 elements)",
    );
    expect(() => Tensor.zeros([2, -1])).toThrow(
      "full: Expected an array of non-negative integers for shape but received array of length 2",
    );
    expect(() => Tensor.arange(0, 1, 0)).toThrow("arange: Expected finite start and end and a non-zero step");
  });

  it("rejects unknown dtypes, non-number fill values, non-generators and impossible sizes", () => {
    expect(() => Tensor.zeros([2], { dtype: "float16" as "float32" })).toThrow(
      'full: Expected "float32" or "float64" for dtype but received "float16"',
    );
    expect(() => Tensor.full([2], "1" as unknown as number)).toThrow(
      'full: Expected a number for value but received "1"',
    );
    expect(() => Tensor.randn([2], { generator: {} as Generator })).toThrow(
      "randn: Expected a Generator for generator but received Object",
    );
    expect(() => Tensor.zeros([2 ** 26, 2 ** 26])).toThrow(
      new ShapeError(
        "cannot allocate a float32 tensor of 4503599627370496 elements (18014398509481984 bytes)",
      ),
    );
  });
});

describe("autograd basics", () => {
  it("backward accumulates into leaves across calls", () => {
    const x = Tensor.from([1, 2, 3], undefined, { requiresGrad: true });
    x.mul(x).sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([2, 4, 6]);
    x.sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([3, 5, 7]);
  });

  it("non-leaf gradients are released unless retainGrad() was called", () => {
    const x = Tensor.from([1, 2], undefined, { requiresGrad: true });
    const h = x.mul(3);
    const kept = x.mul(2).retainGrad();
    h.add(kept).sum().backward();
    expect(h.grad).toBeNull();
    expect(Array.from(kept.grad!.data)).toEqual([1, 1]);
    expect(Array.from(x.grad!.data)).toEqual([5, 5]);
  });

  it("leaf gradients never share memory with each other", () => {
    const a = Tensor.from([1, 2], undefined, { requiresGrad: true });
    const b = Tensor.from([3, 4], undefined, { requiresGrad: true });
    a.add(b).sum().backward();
    a.grad!.data.fill(0);
    expect(Array.from(b.grad!.data)).toEqual([1, 1]);
  });

  it("backward takes an explicit gradient for non-scalar outputs", () => {
    const x = Tensor.from([1, 2], undefined, { requiresGrad: true });
    x.mul(x).backward(Tensor.from([10, 100]));
    expect(Array.from(x.grad!.data)).toEqual([20, 400]);
  });

  it("detach cuts the graph but shares memory", () => {
    const x = Tensor.from([1, 2], undefined, { requiresGrad: true });
    const d = x.mul(2).detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.isLeaf).toBe(true);
    const y = x.mul(d).sum();
    y.backward();
    expect(Array.from(x.grad!.data)).toEqual([2, 4]);
  });

  it("a second backward through a freed graph says how to keep it", () => {
    const x = Tensor.from([1], undefined, { requiresGrad: true });
    const y = x.exp().sum();
    y.backward();
    expect(() => y.backward()).toThrow(
      new TensorError(
        "backward: this graph was already used by a backward() call; pass { retainGraph: true } to the first call",
      ),
    );
    const z = x.exp().sum();
    z.backward(undefined, { retainGraph: true });
    z.backward();
  });

  it("backward errors name the problem", () => {
    expect(() => Tensor.ones([2]).sum().backward()).toThrow(
      "backward: the tensor does not require grad (no input had requiresGrad, or it was computed under noGrad)",
    );
    const x = Tensor.ones([2], { requiresGrad: true });
    expect(() => x.mul(2).backward()).toThrow(
      "backward: a gradient can only be implied for a single-element tensor, not shape [2]; pass one: backward(gradient)",
    );
    expect(() => x.mul(2).backward(Tensor.ones([2], { dtype: "float64" }))).toThrow(
      "backward: gradient dtype float64 must equal the tensor's dtype float32",
    );
    expect(() => x.mul(2).backward(Tensor.ones([3]))).toThrow(
      "backward: gradient shape [3] must equal the tensor's shape [2]",
    );
    expect(() => x.mul(2).requiresGrad_()).toThrow(
      "requiresGrad_: only leaf tensors can change requiresGrad",
    );
  });
});

describe("lifecycle and inspection", () => {
  it("reading a disposed tensor throws a TensorError saying why", () => {
    const t = Tensor.ones([1, 1]);
    t.dispose();
    t.dispose(); // idempotent
    expect(t.isDisposed).toBe(true);
    expect(() => t.data).toThrow(TensorError);
    expect(() => t.item()).toThrow("tensor of shape [1, 1] was disposed");
  });

  it("disposing a view keeps the memory of the other views", () => {
    const t = Tensor.arange(4);
    const v = t.reshape([2, 2]);
    t.dispose();
    expect(Array.from(v.data)).toEqual([0, 1, 2, 3]);
  });

  it("item, toArray and toString describe the contents", () => {
    expect(Tensor.from([[5]]).item()).toBe(5);
    expect(() => Tensor.ones([2]).item()).toThrow(
      "item: the tensor must have exactly one element, not shape [2]",
    );
    expect(Tensor.from(3).toArray()).toBe(3);
    expect(Tensor.zeros([2, 0]).toArray()).toEqual([[], []]);
    expect(String(Tensor.zeros([2, 3]))).toBe("Tensor(float32, [2, 3])");
    expect(Tensor.zeros([2, 3]).rank).toBe(2);
  });

  it("methods forward to the functional ops", () => {
    const t = Tensor.from([
      [1, -2],
      [3, -4],
    ]);
    expect(t.abs().sum().item()).toBe(10);
    expect(t.transpose(0, 1).toArray()).toEqual([
      [1, 3],
      [-2, -4],
    ]);
    expect(t.max(1).toArray()).toEqual([1, 3]);
    expect(t.argmax(1).toArray()).toEqual([0, 0]);
    expect(t.view(4).shape).toEqual([4]);
    expect(t.reshape(1, 4).shape).toEqual([1, 4]);
    expect(t.permute(1, 0).shape).toEqual([2, 2]);
    expect(t.expand([3, 2, 2]).shape).toEqual([3, 2, 2]);
    expect(t.var().item()).toBeCloseTo(29 / 3, 5); // mean -0.5, squared deviations 29, n - 1 = 3
    expect(
      t
        .clamp(-1, 1)
        .matmul(Tensor.ones([2, 1]))
        .toArray(),
    ).toEqual([[0], [0]]);
  });
});
