import { BlockList, isIP } from "node:net";

// Addresses a webhook must not reach (SSRF): loopback, private, link-local (cloud metadata lives at
// 169.254.169.254), carrier-grade NAT, unspecified, multicast, reserved and documentation ranges.
// BlockList also matches IPv4-mapped IPv6 (::ffff:127.0.0.1) against the IPv4 rules.

const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16],
  ["172.16.0.0", 12], ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15],
  ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128], ["::1", 128], ["64:ff9b:1::", 48], ["100::", 64], ["2001:db8::", 32], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

/** True for an IP literal in a range a webhook may not target; false for public addresses and non-IPs. */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, "");
  const family = isIP(ip);
  if (family === 4) return blocked.check(ip, "ipv4");
  if (family !== 6) return false;
  if (blocked.check(ip, "ipv6")) return true;
  // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address that is what gets reached.
  const embedded = embeddedIpv4(ip);
  return embedded !== null && blocked.check(embedded, "ipv4");
}

function embeddedIpv4(ip: string): string | null {
  const groups = expandIpv6(ip);
  if (!groups) return null;
  const toV4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) return toV4(groups[6], groups[7]);
  if (groups[0] === 0x2002) return toV4(groups[1], groups[2]);
  return null;
}

/** The eight 16-bit groups of an IPv6 literal (a dotted IPv4 tail included), or null. */
function expandIpv6(ip: string): number[] | null {
  let text = ip.toLowerCase().split("%")[0];
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? left.length !== 8 : missing < 0) return null;
  return [...left, ...Array(tail === undefined ? 0 : missing).fill("0"), ...right].map((g) => Number.parseInt(g, 16));
}

/** Hostnames that always mean this machine, whatever DNS says. */
export function isLocalHostname(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return host === "localhost" || host.endsWith(".localhost");
}

/**
 * The early, literal half of the SSRF guard (the delivery-time DNS check is the real one): a URL
 * naming localhost or a private, loopback or link-local IP is refused unless private targets are allowed.
 */
export function privateTargetProblem(value: string, allowPrivateTargets: boolean): string | null {
  if (allowPrivateTargets) return null;
  const host = new URL(value).hostname.replace(/^\[|\]$/g, "");
  if (isLocalHostname(host) || (isIP(host) && isPrivateAddress(host))) {
    return "targets a private, loopback or link-local address (set WEBHOOK_ALLOW_PRIVATE_TARGETS=1 to allow)";
  }
  return null;
}
