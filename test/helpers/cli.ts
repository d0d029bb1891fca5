/** Test helper: run one CLI command in-process and capture what it prints. */
import { Command } from "commander";
import { vi } from "vitest";

/**
 * Runs `efficientecg <name> ...args` on a fresh program holding only the command registered by `register`;
 * returns stdout and the exit code the command set (process.exitCode is restored afterwards).
 */
export async function runCommand(
  register: (program: Command) => void,
  name: string,
  ...args: string[]
): Promise<{ out: string; exitCode: number | undefined }> {
  const program = new Command("efficientecg").exitOverride();
  register(program);
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  const before = process.exitCode;
  try {
    await program.parseAsync(["node", "efficientecg", name, ...args]);
    return { out: chunks.join(""), exitCode: process.exitCode as number | undefined };
  } finally {
    spy.mockRestore();
    process.exitCode = before;
  }
}
