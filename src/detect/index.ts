/** Public API of beat detection and delineation. */
export * from "./pwave.js";
