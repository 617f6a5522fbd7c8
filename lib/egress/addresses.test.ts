import { describe, expect, test } from "vitest";
import { classifyAddress } from "./addresses";

describe("classifyAddress", () => {
  test.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.0.0.1", "private"],
    ["172.15.255.255", null],
    ["172.16.0.0", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.0", null],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "link_local"],
    ["100.63.255.255", null],
    ["100.64.0.0", "cgnat"],
    ["100.127.255.255", "cgnat"],
    ["100.128.0.0", null],
    ["224.0.0.1", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["255.255.255.255", "reserved"],
    ["8.8.8.8", null],
    ["93.184.216.34", null],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "link_local"],
    ["febf::1", "link_local"],
    ["fec0::1", "reserved"],
    ["fc00::1", "unique_local"],
    ["fd12:3456::1", "unique_local"],
    ["ff02::1", "multicast"],
    ["2606:4700::1111", null],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.1.2.3", "private"],
    ["::ffff:169.254.169.254", "link_local"],
    ["::ffff:a9fe:a9fe", "link_local"],
    ["::ffff:100.64.0.1", "cgnat"],
    ["::ffff:0.0.0.0", "unspecified"],
    ["::ffff:8.8.8.8", null],
    ["::127.0.0.1", "loopback"],
    ["64:ff9b::a9fe:a9fe", "link_local"],
    ["0:0:0:0:0:ffff:c0a8:0101", "private"],
    ["fe80::1%eth0", "link_local"],
    ["not-an-address", "reserved"],
  ])("%s is %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});
