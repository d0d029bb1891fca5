import { describe, expect, it } from "vitest";
import { BeatStream, END_OF_FILE } from "../../../src/detect/ec57/reader.js";

const read = (stream: BeatStream) => {
  const out: Array<[number, string]> = [];
  for (stream.advance(); stream.nextTime !== END_OF_FILE; stream.advance())
    out.push([stream.nextTime, stream.nextLabel]);
  return out;
};

describe("BeatStream (bxb's getref/gettest)", () => {
  it("yields beats with their class and skips every other annotation", () => {
    const stream = new BeatStream(
      [
        { sample: 5, symbol: "+" },
        { sample: 10, symbol: "N" },
        { sample: 20, symbol: "V" },
        { sample: 25, symbol: "~", subtype: 2 },
        { sample: 30, symbol: "/" },
      ],
      3,
    );
    expect(read(stream)).toEqual([
      [10, "N"],
      [20, "V"],
      [30, "Q"],
    ]);
  });

  it("skips everything inside a VF episode and remembers the episode", () => {
    const stream = new BeatStream(
      [
        { sample: 10, symbol: "N" },
        { sample: 20, symbol: "[" },
        { sample: 25, symbol: "N" },
        { sample: 30, symbol: "]" },
        { sample: 40, symbol: "N" },
      ],
      3,
    );
    expect(read(stream).map(([t]) => t)).toEqual([10, 40]);
    expect([stream.inVentricularFibrillation(25), stream.inVentricularFibrillation(35)]).toEqual([
      true,
      false,
    ]);
  });

  it("takes a single AHA-style shutdown mark as a window after the last beat to a window before the next annotation", () => {
    const stream = new BeatStream(
      [
        { sample: 100, symbol: "N" },
        { sample: 500, symbol: "~", subtype: 0x30 },
        { sample: 900, symbol: "N" },
      ],
      10,
    );
    stream.advance(); // next = 100
    stream.advance(); // current = 100; reading on meets the shutdown, then the beat at 900
    expect([stream.shutdownOn, stream.shutdownOff]).toEqual([110, 890]);
    expect([stream.inShutdown(500), stream.inShutdown(100)]).toEqual([true, false]);
  });

  it("ends with an end-of-file look-ahead labelled * that pairs with nothing", () => {
    const stream = new BeatStream([{ sample: 10, symbol: "N" }], 3);
    stream.advance();
    stream.advance();
    expect([stream.time, stream.label, stream.nextTime, stream.nextLabel]).toEqual([
      10,
      "N",
      END_OF_FILE,
      "*",
    ]);
  });
});
