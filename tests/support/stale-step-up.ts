import type { InProcessApp } from "./in-process-app";

/**
 * Makes the user's password entry look long past, as if the laptop had been open since the
 * morning: signs in first (so a session exists), moves the sign-in of the user's sessions two
 * hours back and forgets their step-ups. The sessions stay valid; platform changes then ask for
 * the password again.
 */
export async function makeStepUpStale(api: InProcessApp, email: string): Promise<void> {
  await api.cookieFor(email);
  await api.scratch.prisma.$executeRaw`update session set "createdAt" = now() - interval '2 hours' where "userId" = (select id from "user" where email = ${email})`;
  await api.scratch.prisma.$executeRaw`delete from session_step_up where "sessionId" in (select id from session where "userId" = (select id from "user" where email = ${email}))`;
}
