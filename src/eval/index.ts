/** Public API of evaluation and reporting: ECG strips on ECG paper as SVG. */
export { type EcgStripOptions, ecgStripSvg, type StripLabel } from "./plot/ecgStrip.js";
