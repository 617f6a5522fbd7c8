import { runAlertsEvaluate } from "./alerts-evaluate";
import { refuse, type CliResult } from "./cli-result";
import { runHpaEvaluate } from "./hpa-evaluate";

export type { CliResult } from "./cli-result";

export const USAGE = `usage: npm run --silent scaling -- <command> < input.json
  alerts evaluate   replay threshold rules over series the way Prometheus evaluates alerting rules
  hpa evaluate      compute HorizontalPodAutoscaler (autoscaling/v2) replica counts
Each reads a JSON array on stdin and writes a JSON array on stdout; invalid input exits 2.`;

const COMMANDS: Record<string, (input: unknown) => CliResult> = {
  "alerts evaluate": runAlertsEvaluate,
  "hpa evaluate": runHpaEvaluate,
};

/** The whole CLI as a pure function of its arguments and stdin, so tests need no process. */
export function runScalingCli(args: readonly string[], stdin: string): CliResult {
  const command = args.join(" ");
  const run = COMMANDS[command];
  if (run === undefined) {
    return refuse(`scaling: ${command ? `unknown command "${command}"` : "no command given"}\n\n${USAGE}`);
  }
  let input: unknown;
  try {
    input = JSON.parse(stdin);
  } catch (error) {
    return refuse(`scaling ${command}: stdin is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return run(input);
}
