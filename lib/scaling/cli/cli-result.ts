import type { z } from "zod";

/** What a CLI run produced; the script entry point does the writing and exiting. */
export type CliResult = { exitCode: number; stdout: string; stderr: string };

/** Exit code for input we refuse: bad JSON, a field failing validation, or a usage error. */
export const EXIT_INVALID_INPUT = 2;

export function succeed(output: unknown): CliResult {
  return { exitCode: 0, stdout: `${JSON.stringify(output)}\n`, stderr: "" };
}

export function refuse(message: string): CliResult {
  return { exitCode: EXIT_INVALID_INPUT, stdout: "", stderr: `${message}\n` };
}

/** One line per problem, naming the input index and field: `input[2].series[0].t: expected number, …`. */
export function describeInvalidInput(command: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => `${command}: invalid ${formatPath(issue.path)}: ${issue.message.replace(/^Invalid input: /, "")}`)
    .join("\n");
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, segment) => (typeof segment === "number" ? `${text}[${segment}]` : `${text}.${String(segment)}`),
    "input",
  );
}
