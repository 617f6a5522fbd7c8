import { DEMO_PASSWORD } from "../../prisma/seed/demo-data";

/** One HTTP request to the app: over a socket (`npm run drill`) or in process (the test). */
export type Fetcher = (path: string, init: RequestInit) => Promise<Response>;

const TENANT_COOKIE = "agency_tenant";

export type ApiCall = { status: number; body: unknown; headers: Headers };

/** A signed-in user of the app; every change carries the app's origin, as a browser's would. */
export class ApiSession {
  private constructor(
    private readonly fetcher: Fetcher,
    private readonly origin: string,
    private cookie: string,
    readonly email: string,
  ) {}

  static async signIn(fetcher: Fetcher, origin: string, email: string): Promise<ApiSession> {
    const response = await fetcher("/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body: JSON.stringify({ email, password: DEMO_PASSWORD }),
    });
    if (response.status !== 200) throw new Error(`sign-in of ${email} failed with ${response.status}: ${await response.text()}`);
    const cookie = response.headers.getSetCookie().map((value) => value.split(";")[0]).join("; ");
    return new ApiSession(fetcher, origin, cookie, email);
  }

  /** Works in `tenantId` from now on (the tenant cookie the app's tenant switcher sets). */
  inTenant(tenantId: string): ApiSession {
    return new ApiSession(this.fetcher, this.origin, `${this.cookie}; ${TENANT_COOKIE}=${tenantId}`, this.email);
  }

  async call(method: "GET" | "POST", path: string, body?: unknown, timeoutMs = 10_000): Promise<ApiCall> {
    const response = await this.fetcher(path, {
      method,
      headers: { cookie: this.cookie, origin: this.origin, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }
}

/** The problem+json detail of a failed call, or its status. */
export const describeFailure = (call: ApiCall) => {
  const detail = typeof call.body === "object" && call.body !== null && "detail" in call.body ? String(call.body.detail) : "";
  return `${call.status}${detail ? ` ${detail}` : ""}`;
};
