import type { z } from "zod";
import { BadRequestError } from "@/lib/http/errors";

/** The 400 for input a schema refused: each field's path (`query.limit`) and reason. */
export function invalidInput(target: string, issues: readonly z.core.$ZodIssue[]): BadRequestError {
  const errors = issues.map((issue) => ({ path: [target, ...issue.path.map(String)].join("."), message: issue.message }));
  return new BadRequestError(`invalid ${target}: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`, errors);
}
