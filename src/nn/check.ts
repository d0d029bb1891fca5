/**
 * Argument checks shared by the module constructors and forwards. Constructor problems are ConfigErrors
 * naming the module, the argument and the rule; input problems are ShapeErrors naming the module and the
 * expected shape line.
 */
import { ConfigError, expected } from "../errors.js";
import { ShapeError, type Tensor } from "../tensor/index.js";

/** Returns `value` if it is an integer >= `min`, else throws a ConfigError naming `owner` and `name`. */
export function checkInt(owner: string, name: string, value: unknown, min: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < min)
    throw new ConfigError(`${owner}: ${expected(`an integer >= ${min}`, name, value)}`);
  return value as number;
}

/** Returns `value` if it is a finite number > 0 (>= 0 with `allowZero`), else throws a ConfigError. */
export function checkPositive(owner: string, name: string, value: unknown, allowZero = false): number {
  const ok = typeof value === "number" && Number.isFinite(value) && (allowZero ? value >= 0 : value > 0);
  if (!ok)
    throw new ConfigError(`${owner}: ${expected(allowZero ? "a number >= 0" : "a number > 0", name, value)}`);
  return value as number;
}

/** Returns `p` if it is a probability in [0, 1), else throws a ConfigError. */
export function checkProbability(owner: string, name: string, p: unknown): number {
  if (typeof p !== "number" || !(p >= 0 && p < 1))
    throw new ConfigError(`${owner}: ${expected("a probability in [0, 1)", name, p)}`);
  return p;
}

/** Returns `value` if it is a boolean, else throws a ConfigError. */
export function checkBoolean(owner: string, name: string, value: unknown): boolean {
  if (typeof value !== "boolean")
    throw new ConfigError(`${owner}: ${expected("true or false", name, value)}`);
  return value;
}

/**
 * Throws a ShapeError unless `x` has one of the ranks in `ranks` and, if given, `size` on axis `axis` (counted
 * from the end when negative). `shapeLine` is the module's documented shape, e.g. "(N, C_in, L)".
 */
export function checkInput(
  owner: string,
  x: Tensor,
  ranks: readonly number[],
  shapeLine: string,
  axis?: number,
  size?: number,
): void {
  const rank = x.shape.length;
  const axisIndex = axis === undefined ? 0 : axis < 0 ? rank + axis : axis;
  if (!ranks.includes(rank) || (size !== undefined && x.shape[axisIndex] !== size)) {
    throw new ShapeError(`${owner}: expected input of shape ${shapeLine} but got [${x.shape.join(", ")}]`);
  }
}

/** Returns "True" or "False", as PyTorch's module summaries print booleans. */
export function pyBool(value: boolean): string {
  return value ? "True" : "False";
}

/** Returns a number as Python's repr prints it (1e-05, 0.1), so summaries read as PyTorch's. */
export function pyNumber(value: number): string {
  const magnitude = Math.abs(value);
  if (value === 0 || (magnitude >= 1e-4 && magnitude < 1e16)) return String(value);
  // JS writes 1e-5 where Python writes 1e-05: pad the exponent to two digits.
  return value.toExponential().replace(/e([+-])(\d)$/, (_, sign, digit) => `e${sign}0${digit}`);
}
