import { describe, expect, test } from "vitest";
import { kubernetesExportQuerySchema, nginxExportQuerySchema, upstreamSchema } from "./schemas";

describe("upstreamSchema", () => {
  test.each(["app1.internal:3000", "10.0.0.2:80", "[::1]:3000", "localhost:65535", "a:1"])("accepts %s", (value) => {
    expect(upstreamSchema.safeParse(value).success).toBe(true);
  });

  test.each(["app1.internal", "app:0", "app:65536", "app:3000;", "app :3000", "app:3000 backup", "evil;}:80", "http://app:3000", ":3000", "-app:3000"])("rejects %s", (value) => {
    expect(upstreamSchema.safeParse(value).success).toBe(false);
  });
});

describe("nginxExportQuerySchema", () => {
  test("splits a comma-separated list and defaults the listen port to 80", () => {
    expect(nginxExportQuerySchema.parse({ upstreams: "a:1, b:2" })).toEqual({ upstreams: ["a:1", "b:2"], listenPort: 80 });
    expect(nginxExportQuerySchema.parse({})).toEqual({ listenPort: 80 });
  });

  test("rejects a duplicate upstream and a server name that could end a directive", () => {
    expect(nginxExportQuerySchema.safeParse({ upstreams: "a:1,a:1" }).success).toBe(false);
    expect(nginxExportQuerySchema.safeParse({ serverName: "x; include /etc/passwd" }).success).toBe(false);
  });
});

describe("kubernetesExportQuerySchema", () => {
  test("accepts a registry image with tag and digest, rejects spaces and quotes", () => {
    expect(kubernetesExportQuerySchema.parse({ image: "registry.example.com:5000/team/agency-toolkit:1.4.0" }).image).toBe("registry.example.com:5000/team/agency-toolkit:1.4.0");
    expect(kubernetesExportQuerySchema.safeParse({ image: 'x" y' }).success).toBe(false);
  });
});
