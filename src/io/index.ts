/** Public API of the record I/O layer: WFDB headers, signals and annotations, MATLAB files, writers. */
export {
  ANNOTATION_LABELS,
  type AnnotationLabel,
  annotationCode,
  annotationSymbol,
} from "./annotationCodes.js";
export { type Annotation, parseAnnotations } from "./annotations.js";
export { encodeAnnotations } from "./annotationWriter.js";
export { type DigitalRecord, decodeDigital, type ReadOptions, type SignalFileSource } from "./digital.js";
export { RecordError } from "./errors.js";
export { FORMATS, type FormatInfo, INVALID_DIGITAL } from "./formats.js";
export {
  MAX_FREQUENCY_HZ,
  parseHeader,
  WFDB_DEFAULT_GAIN,
  type WfdbHeader,
  type WfdbSignalSpec,
} from "./header.js";
export { metaFromComments, type RecordMeta } from "./headerMeta.js";
export { formatHeader } from "./headerWriter.js";
export { matrixRows, parseMat } from "./mat.js";
export { parseMat4 } from "./mat4.js";
export { parseMat5 } from "./mat5.js";
export type {
  MatCell,
  MatChar,
  MatNumeric,
  MatNumericClass,
  MatStruct,
  MatTypedArray,
  MatValue,
  MatVariables,
} from "./matTypes.js";
export { toPhysical } from "./physical.js";
export {
  readAnnotations,
  readBytes,
  readFrameCount,
  readHeader,
  readMat,
  readRecord,
  readRecordDigital,
} from "./read.js";
export { type EcgRecord, parseRecord } from "./record.js";
export {
  chooseAdcParameters,
  digitize,
  type EncodeOptions,
  encodeRecord,
  encodeSignals,
  type RecordToWrite,
  type WritableFormat,
} from "./signalWriter.js";
export { type WriteOptions, writeAnnotations, writeRecord } from "./write.js";
