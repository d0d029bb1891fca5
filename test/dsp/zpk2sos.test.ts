import { describe, expect, it } from "vitest";
import { complex } from "../../src/dsp/complex.js";
import { zpk2sos } from "../../src/dsp/zpk2sos.js";
import { expectAllClose } from "./helpers/expect.js";

// Expected values printed by:
// python3 -c "import numpy as np; from scipy import signal;
//   print(signal.zpk2sos([-1, -0.5-0.5j, -0.5+0.5j], [0.75, 0.8+0.1j, 0.8-0.1j], 1).tolist());
//   print(signal.zpk2sos([0.5j, -0.5j, 0.9, -0.3], [0.2, 0.5+0.5j, 0.5-0.5j, -0.7], 2.5).tolist());
//   print(signal.zpk2sos([], [], 3).tolist()); print(signal.zpk2sos([], [0.5, 0.6], 2).tolist())"
// (scipy 1.17.1)
describe("zpk2sos", () => {
  it("pairs like scipy's 'nearest' on the scipy docstring example (odd order)", () => {
    const sos = zpk2sos({
      z: [complex(-1), complex(-0.5, -0.5), complex(-0.5, 0.5)],
      p: [complex(0.75), complex(0.8, 0.1), complex(0.8, -0.1)],
      k: 1,
    });
    expect(sos).toHaveLength(2);
    expectAllClose(sos[0], [1.0, 1.0, 0.5, 1.0, -0.75, 0.0], 1e-15);
    expectAllClose(sos[1], [1.0, 1.0, 0.0, 1.0, -1.6, 0.6500000000000001], 1e-15);
  });

  it("pairs mixed real and complex roots and folds the gain into the first section", () => {
    const sos = zpk2sos({
      z: [complex(0, 0.5), complex(0, -0.5), complex(0.9), complex(-0.3)],
      p: [complex(0.2), complex(0.5, 0.5), complex(0.5, -0.5), complex(-0.7)],
      k: 2.5,
    });
    expectAllClose(
      sos[0],
      [2.5, -1.5000000000000002, -0.675, 1.0, 0.49999999999999994, -0.13999999999999999],
      1e-15,
    );
    expectAllClose(sos[1], [1.0, 0.0, 0.25, 1.0, -1.0, 0.5], 1e-15);
  });

  it("gives a pure gain section without roots, and zeros at the origin for missing zeros", () => {
    expect(zpk2sos({ z: [], p: [], k: 3 }).map((r) => Array.from(r))).toEqual([[3, 0, 0, 1, 0, 0]]);
    expectAllClose(
      zpk2sos({ z: [], p: [complex(0.5), complex(0.6)], k: 2 })[0],
      [2, 0, 0, 1, -1.1, 0.3],
      1e-15,
    );
  });

  it("rejects a complex root without its conjugate", () => {
    expect(() => zpk2sos({ z: [], p: [complex(0.5, 0.5), complex(0.2)], k: 1 })).toThrow(
      "zpk2sos: a complex root has no matching conjugate",
    );
  });
});
