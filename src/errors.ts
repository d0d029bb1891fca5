/**
 * Base class of every error efficientecg throws on purpose. Each domain has its own subclass
 * (RecordError in io, ShapeError in tensor, BackendError, ConfigError, ...) with a stable `code`
 * so that callers can branch on it and tests can assert on it.
 */
export class EfficientEcgError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Raised for a bad configuration or option value (CLI flags, experiment configs, constructor args). */
export class ConfigError extends EfficientEcgError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_CONFIG", message, options);
  }
}

/** Returns the one-line message for a bad argument: "Expected <expected> for <name> but received <received>". */
export function expected(expectedWhat: string, name: string, received: unknown): string {
  return `Expected ${expectedWhat} for ${name} but received ${describe(received)}`;
}

/**
 * Returns the message for the first key of `options` that `allowed` lacks, e.g. 'Unknown ecgPeaks option
 * "methd"; valid options are method' (`fn` names the function), or undefined when every key is allowed.
 */
export function unknownOptionMessage(
  options: object,
  allowed: readonly string[],
  fn: string,
): string | undefined {
  const key = Object.keys(options).find((name) => !allowed.includes(name));
  return key === undefined
    ? undefined
    : `Unknown ${fn} option "${key}"; valid options are ${allowed.join(", ")}`;
}

/**
 * Returns why `options` is not a (non-array) object whose keys are all in `allowed` (`fn` names the function
 * in the message), or undefined when it is; each layer throws its own error class with the message.
 */
export function optionsProblem(options: unknown, allowed: readonly string[], fn: string): string | undefined {
  if (typeof options !== "object" || options === null || Array.isArray(options))
    return expected("an options object", "options", options);
  return unknownOptionMessage(options, allowed, fn);
}

/** Returns a short, printable description of any value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "string")
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  if (Array.isArray(value)) return `array of length ${value.length}`;
  if (ArrayBuffer.isView(value))
    return `${value.constructor.name} of length ${(value as unknown as ArrayLike<unknown>).length}`;
  return typeof value === "object" ? `${value.constructor?.name ?? "object"}` : typeof value;
}
