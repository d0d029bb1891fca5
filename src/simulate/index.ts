/** Public API of the synthetic ECG generator. */
export {
  ecgSimulate,
  type SimulatedEcg,
  type SimulatedRhythm,
  type SimulateOptions,
} from "./ecg-simulate.js";
export { SeededRandom } from "./random.js";
