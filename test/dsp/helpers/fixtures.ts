/** Adapters from the generated scipy fixtures (test/dsp/fixtures) to the library's argument types. */
import { butter, type FilterType } from "../../../src/dsp/butter.js";
import type { Sos } from "../../../src/dsp/sos.js";

/** A Butterworth design as the fixture scripts describe it. */
export interface DesignSpec {
  order: number;
  cutoff: number | readonly number[];
  type: string;
  fs: number;
}

/** Returns butter(...) for a fixture's design. */
export function designOf(spec: DesignSpec): Sos {
  const cutoff = typeof spec.cutoff === "number" ? spec.cutoff : ([spec.cutoff[0], spec.cutoff[1]] as const);
  return butter(spec.order, cutoff, spec.type as FilterType, spec.fs);
}

/** Returns a readable case name, e.g. "bandpass order 2 at 0.5,40 Hz, fs 360". */
export const nameOf = (spec: DesignSpec): string =>
  `${spec.type} order ${spec.order} at ${spec.cutoff} Hz, fs ${spec.fs}`;
