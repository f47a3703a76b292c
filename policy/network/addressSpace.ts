/**
 * Address ranges judged by what they cover together, not by their spelling: 0.0.0.0/1 with
 * 128.0.0.0/1, or four /2s, admit the same internet as 0.0.0.0/0. Pure functions over CIDR
 * strings; IPv4 and IPv6 are counted apart (a group admits each family separately).
 */

export type Family = "ipv4" | "ipv6";

/** A half-open interval [start, end) of one family's addresses. */
interface Interval {
    start: bigint;
    end: bigint;
}

const BITS: Record<Family, number> = { ipv4: 32, ipv6: 128 };

/** The first address and prefix length of an IPv6 address in any RFC 4291 text form. */
function ipv6Value(address: string): bigint | undefined {
    const halves = address.split("::");
    if (halves.length > 2) return undefined;
    const groups = (s: string) => (s === "" ? [] : s.split(":"));
    const head = groups(halves[0]);
    const tail = halves.length === 2 ? groups(halves[1]) : [];
    const missing = 8 - head.length - tail.length;
    if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
    const all = [...head, ...Array(missing).fill("0"), ...tail];
    if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
    return all.reduce((v, g) => (v << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** A CIDR block as its family and interval; undefined when the string is not a CIDR. */
export function parseCidr(cidr: string): { family: Family; interval: Interval } | undefined {
    const [address, lengthText] = cidr.trim().split("/");
    const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address ?? "");
    const family: Family = v4 ? "ipv4" : "ipv6";
    const value = v4 ? v4.slice(1).reduce((v, o) => (v << 8n) | BigInt(Number(o) & 255), 0n) : ipv6Value(address ?? "");
    const length = lengthText === undefined ? BITS[family] : Number(lengthText);
    if (value === undefined || !Number.isInteger(length) || length < 0 || length > BITS[family]) return undefined;
    const size = 1n << BigInt(BITS[family] - length);
    const start = (value / size) * size;
    return { family, interval: { start, end: start + size } };
}

function merge(intervals: Interval[]): Interval[] {
    const sorted = [...intervals].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const out: Interval[] = [];
    for (const i of sorted) {
        const last = out[out.length - 1];
        if (last && i.start <= last.end) last.end = i.end > last.end ? i.end : last.end;
        else out.push({ ...i });
    }
    return out;
}

function blocks(cidrs: string[], family: Family): Interval[] {
    return merge(cidrs.map(parseCidr).filter((b) => b?.family === family).map((b) => b!.interval));
}

function size(intervals: Interval[]): bigint {
    return intervals.reduce((n, i) => n + i.end - i.start, 0n);
}

function intersect(a: Interval[], b: Interval[]): Interval[] {
    return a.flatMap((x) => b.map((y) => ({ start: x.start > y.start ? x.start : y.start, end: x.end < y.end ? x.end : y.end })).filter((i) => i.start < i.end));
}

/**
 * Address space no internet host sends from: IPv4's private, shared (carrier NAT), loopback,
 * link-local, multicast and reserved blocks (RFC 6890); for IPv6 everything outside global
 * unicast 2000::/3 (unique-local, link-local, multicast and unassigned space).
 */
const NOT_PUBLIC_V4 = blocks(["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/3"], "ipv4");
const PUBLIC_V6 = blocks(["2000::/3"], "ipv6");

/** How many public addresses of `family` merged intervals hold. */
function publicSize(union: Interval[], family: Family): bigint {
    return family === "ipv4" ? size(union) - size(intersect(union, NOT_PUBLIC_V4)) : size(intersect(union, PUBLIC_V6));
}

/** How many public addresses of `family` the blocks admit together (overlaps counted once). */
export function publicAddresses(cidrs: string[], family: Family): bigint {
    return publicSize(blocks(cidrs, family), family);
}

/** `a` without the addresses of `b` (both merged and sorted). */
function subtract(a: Interval[], b: Interval[]): Interval[] {
    let out = a;
    for (const cut of b) {
        out = out.flatMap((i) => (cut.end <= i.start || i.end <= cut.start ? [i]
            : [{ start: i.start, end: cut.start }, { start: cut.end, end: i.end }].filter((x) => x.start < x.end)));
    }
    return out;
}

/**
 * How many public addresses of `family` a route table sends to the routes marked `chosen`, as VPC
 * routing picks a route: the most specific destination that contains the address wins, so a
 * chosen route's block counts less every more specific block routed elsewhere (0.0.0.0/0 to an
 * internet gateway beside 0.0.0.0/1 and 128.0.0.0/1 to a NAT gateway sends nothing to the gateway).
 * Destinations that are not CIDR blocks (prefix lists) are left out.
 */
export function publicRoutedTo(routes: Array<{ destination: string; chosen: boolean }>, family: Family): bigint {
    const parsedRoutes = routes.map((r) => ({ ...r, block: parseCidr(r.destination) })).filter((r) => r.block?.family === family)
        .map((r) => ({ chosen: r.chosen, interval: r.block!.interval }));
    const width = (i: Interval) => i.end - i.start;
    const reached = parsedRoutes.filter((r) => r.chosen).flatMap((r) =>
        subtract([r.interval], merge(parsedRoutes.filter((o) => !o.chosen && width(o.interval) < width(r.interval)).map((o) => o.interval))));
    return publicSize(merge(reached), family);
}

/** Every public address of the family: what 0.0.0.0/0 or ::/0 admits. */
export const ALL_PUBLIC: Record<Family, bigint> = { ipv4: publicAddresses(["0.0.0.0/0"], "ipv4"), ipv6: publicAddresses(["::/0"], "ipv6") };

/** The widest public space allowed per family, as prefix lengths (16: a /16's 65,536 addresses). */
export interface PublicBound {
    ipv4: number;
    ipv6: number;
}

/**
 * Whether the blocks together admit more public address space of some family than one block of
 * the bound's prefix length: the internet, however split. The family and its wording when so.
 */
export function widerThan(cidrs: string[], bound: PublicBound): { family: Family; admitted: string } | undefined {
    for (const family of ["ipv4", "ipv6"] as const) {
        const n = publicAddresses(cidrs, family);
        if (n > 1n << BigInt(BITS[family] - bound[family])) {
            const admitted = n === ALL_PUBLIC[family] ? `every public ${family === "ipv4" ? "IPv4" : "IPv6"} address` : `${n} public ${family === "ipv4" ? "IPv4" : "IPv6"} addresses, more than a /${bound[family]}`;
            return { family, admitted };
        }
    }
    return undefined;
}
