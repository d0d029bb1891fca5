/** Public API of the dataset loaders: MIT-BIH Arrhythmia, CinC 2017, LUDB, and the shared data locator. */
export { AAMI_CLASSES, AAMI_MAP, type AamiClass, aamiClass } from "./aami.js";
export { type Cinc2017Entry, type Cinc2017Label, listCinc2017, readCinc2017 } from "./cinc2017.js";
export {
  groupWaves,
  LUDB_LEADS,
  type LudbInfo,
  type LudbRecord,
  type LudbWave,
  type LudbWaveType,
  listLudb,
  readLudb,
} from "./ludb.js";
export {
  beatsOf,
  listMitdb,
  MITDB_DS1,
  MITDB_DS2,
  MITDB_PACED_RECORDS,
  MITDB_RECORDS,
  type MitdbBeat,
  type MitdbOptions,
  type MitdbRecord,
  readMitdb,
} from "./mitdb.js";
export { cacheDir, DataError, databaseDir, samplePath, sharedDataDir } from "./paths.js";
