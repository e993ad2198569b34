import { describe, expect, it } from "vitest";
import { isLocalHostname, isPrivateAddress } from "../../../lib/webhooks/private-address";
import { privateTargetProblem } from "../../../lib/webhooks/private-address";
import { webhookUrlProblem } from "../../../lib/webhooks/webhook-url";

describe("isPrivateAddress", () => {
  it.each([
    "127.0.0.1", "127.255.255.254", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
    "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd12:3456::1", "ff02::1",
    "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:10.0.0.1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "[::1]",
  ])("refuses %s", (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::", "example.com"])(
    "allows %s",
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );

  it("treats localhost names as local whatever DNS says", () => {
    expect(isLocalHostname("localhost")).toBe(true);
    expect(isLocalHostname("LOCALHOST.")).toBe(true);
    expect(isLocalHostname("api.localhost")).toBe(true);
    expect(isLocalHostname("localhost.example.com")).toBe(false);
  });
});

describe("webhook URLs", () => {
  it.each([
    ["ftp://example.com/x", /http and https/],
    ["javascript:alert(1)", /http and https/],
    ["file:///etc/passwd", /http and https/],
    ["example.com/hook", /absolute/],
    ["https://user:pass@example.com/hook", /user name or password/],
  ])("refuses %s", (url, message) => {
    expect(webhookUrlProblem(url)).toMatch(message);
  });

  it("accepts http and https URLs with a host", () => {
    expect(webhookUrlProblem("https://hooks.example.com/tollgate?x=1")).toBeNull();
    expect(webhookUrlProblem("http://203.0.114.7:8080/")).toBeNull();
  });

  it("refuses private literal targets unless private targets are allowed", () => {
    for (const url of ["http://127.0.0.1:9000/", "http://localhost/", "http://[::1]/", "http://169.254.169.254/latest/meta-data"]) {
      expect(privateTargetProblem(url, false), url).toMatch(/WEBHOOK_ALLOW_PRIVATE_TARGETS/);
      expect(privateTargetProblem(url, true), url).toBeNull();
    }
    expect(privateTargetProblem("https://hooks.example.com/", false)).toBeNull();
  });
});
