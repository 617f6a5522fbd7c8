import { isIPv4, isIPv6 } from "node:net";

/**
 * Which addresses an outbound request must never reach. Pure: no I/O. IPv6 forms that carry an
 * IPv4 address (::ffff:a.b.c.d, the deprecated ::a.b.c.d, NAT64 64:ff9b::/96) are judged by the
 * IPv4 address inside them, so `::ffff:127.0.0.1` is loopback like `127.0.0.1`.
 */
export type AddressKind = "loopback" | "private" | "link_local" | "cgnat" | "unique_local" | "multicast" | "unspecified" | "reserved";

type Range4 = { base: number; bits: number; kind: AddressKind };

const v4 = (text: string): number => text.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
const range4 = (cidr: string, kind: AddressKind): Range4 => {
  const [base, bits] = cidr.split("/");
  return { base: v4(base!), bits: Number(bits), kind };
};

const IPV4_RANGES: Range4[] = [
  range4("0.0.0.0/8", "unspecified"),
  range4("127.0.0.0/8", "loopback"),
  range4("10.0.0.0/8", "private"),
  range4("172.16.0.0/12", "private"),
  range4("192.168.0.0/16", "private"),
  range4("169.254.0.0/16", "link_local"),
  range4("100.64.0.0/10", "cgnat"),
  range4("224.0.0.0/4", "multicast"),
  // IETF protocol assignments, benchmarking, documentation nets and the old class E (incl. broadcast).
  range4("192.0.0.0/24", "reserved"),
  range4("198.18.0.0/15", "reserved"),
  range4("240.0.0.0/4", "reserved"),
];

function inRange4(address: number, range: Range4): boolean {
  const size = 2 ** (32 - range.bits);
  return Math.floor(address / size) === Math.floor(range.base / size);
}

function classifyIPv4(text: string): AddressKind | null {
  const address = v4(text);
  return IPV4_RANGES.find((range) => inRange4(address, range))?.kind ?? null;
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part becomes two groups). */
function ipv6Groups(text: string): number[] {
  const body = text
    .split("%")[0]!
    .toLowerCase()
    .replace(/(\d+\.\d+\.\d+\.\d+)$/, (dotted) => {
      const value = v4(dotted);
      return `${Math.floor(value / 65536).toString(16)}:${(value % 65536).toString(16)}`;
    });
  const parse = (part: string | undefined) => (part ? part.split(":").map((group) => parseInt(group, 16)) : []);
  if (!body.includes("::")) return parse(body);
  const [head, tail] = body.split("::");
  const left = parse(head);
  const right = parse(tail);
  return [...left, ...new Array<number>(Math.max(0, 8 - left.length - right.length)).fill(0), ...right];
}

/** The IPv4 address an IPv6 address carries, if it is one of the forms that carry one. */
function embeddedIPv4(groups: number[]): string | null {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  const firstFiveZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  const isMapped = firstFiveZero && g5 === 0xffff;
  const isCompatible = firstFiveZero && g5 === 0 && (g6 !== 0 || g7 > 1);
  const isNat64 = g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0;
  if (!isMapped && !isCompatible && !isNat64) return null;
  return [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff].join(".");
}

function classifyIPv6(text: string): AddressKind | null {
  const groups = ipv6Groups(text);
  if (groups.length !== 8) return "reserved"; // unparseable: never treat as public
  const inner = embeddedIPv4(groups);
  if (inner) return classifyIPv4(inner);
  const first = groups[0]!;
  if (groups.every((group) => group === 0)) return "unspecified";
  if (groups.slice(0, 7).every((group) => group === 0) && groups[7] === 1) return "loopback";
  if ((first & 0xffc0) === 0xfe80) return "link_local";
  if ((first & 0xfe00) === 0xfc00) return "unique_local";
  if ((first & 0xff00) === 0xff00) return "multicast";
  // Deprecated site-local and the documentation prefix.
  if ((first & 0xffc0) === 0xfec0 || (first === 0x2001 && groups[1] === 0x0db8)) return "reserved";
  return null;
}

/** Null for a public address; otherwise the kind of non-public range it belongs to. */
export function classifyAddress(address: string): AddressKind | null {
  if (isIPv4(address)) return classifyIPv4(address);
  if (isIPv6(address)) return classifyIPv6(address);
  return "reserved";
}

/** `[::1]` (as URLs write IPv6 hosts) → `::1`; anything else unchanged. */
export function unbracket(hostname: string): string {
  return hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
}

export function isIpLiteral(hostname: string): boolean {
  const host = unbracket(hostname);
  return isIPv4(host) || isIPv6(host);
}
