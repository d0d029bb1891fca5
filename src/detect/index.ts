/** Public API of beat detection and delineation. */

export * from "./delineate.js";
export * from "./pwave.js";
