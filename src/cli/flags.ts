/** Values of command-line flags, parsed the same way by every command; each failure names the flag. */
import { ConfigError, expected } from "../errors.js";

/**
 * Returns the number a flag's text holds, after checking it is a finite number that passes `valid`; else
 * throws a ConfigError "Expected <what> for <flag> but received <text>".
 */
export function parseNumber(
  text: string,
  flag: string,
  what = "a number",
  valid: (value: number) => boolean = () => true,
): number {
  const value = Number(text);
  if (!(text.trim() !== "" && Number.isFinite(value) && valid(value))) {
    throw new ConfigError(expected(what, flag, text));
  }
  return value;
}

/** Returns the lead (signal) index written in --lead: 0, 1, ...; throws a ConfigError otherwise. */
export function parseLead(text: string): number {
  const lead = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(lead)) {
    throw new ConfigError(expected("a lead index (0, 1, ...)", "--lead", text));
  }
  return lead;
}

/** Returns nothing; throws a ConfigError when record `name`, with `count` leads, has no lead `lead`. */
export function checkLeadExists(lead: number, count: number, name: string): void {
  if (lead >= count)
    throw new ConfigError(`--lead ${lead} does not exist: ${name} has leads 0 to ${count - 1}`);
}
