/**
 * Subnet address plan, as pure functions so the arithmetic is unit-tested without mocks.
 *
 * A /16 VPC is cut into three tiers per availability zone. Tasks get the most room (a /19,
 * 8,187 usable addresses per AZ) because every Fargate task takes an ENI; the public tier
 * only holds the load balancer and NAT gateways, and the isolated tier only the database and
 * cache nodes. The tiers leave space between them for a fourth AZ or another tier.
 */

/** How many zones the VPC may span (`expertconnect:network.azCount`). */
export type AzCount = 2 | 3;

/** NAT layout (`expertconnect:network.natGateways`). */
export type NatMode = "perAz" | "single";

/** CIDR blocks of each tier, one entry per availability zone, in AZ order. */
export interface SubnetPlan {
    public: string[];
    private: string[];
    isolated: string[];
}

/** Prefix length and first block index (in units of that prefix) of each tier inside a /16. */
const TIERS = {
    private: { prefix: 19, firstBlock: 0 }, // 10.N.0.0/19, 10.N.32.0/19, 10.N.64.0/19
    public: { prefix: 22, firstBlock: 24 }, // 10.N.96.0/22, 10.N.100.0/22, 10.N.104.0/22
    isolated: { prefix: 22, firstBlock: 28 }, // 10.N.112.0/22, 10.N.116.0/22, 10.N.120.0/22
} as const;

/** Parses `a.b.c.d/n` into a 32-bit network address and prefix length; throws on bad input. */
export function parseCidr(cidr: string): { address: number; prefix: number } {
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
    if (!match) throw new Error(`"${cidr}" is not an IPv4 CIDR block (a.b.c.d/n)`);
    const octets = match.slice(1, 5).map(Number);
    const prefix = Number(match[5]);
    if (octets.some((o) => o > 255) || prefix > 32) throw new Error(`"${cidr}" is not an IPv4 CIDR block (a.b.c.d/n)`);
    const address = octets.reduce((acc, o) => acc * 256 + o, 0);
    if (address % 2 ** (32 - prefix) !== 0) throw new Error(`"${cidr}" has host bits set; the network address is required`);
    return { address, prefix };
}

/** Formats a 32-bit address and prefix length as `a.b.c.d/n`. */
export function formatCidr(address: number, prefix: number): string {
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256);
    return `${octets.join(".")}/${prefix}`;
}

/** The `index`-th block of length `newPrefix` inside `cidr` (like Terraform's `cidrsubnet`). */
export function subnetCidr(cidr: string, newPrefix: number, index: number): string {
    const { address, prefix } = parseCidr(cidr);
    if (newPrefix < prefix || newPrefix > 28) {
        throw new Error(`cannot cut a /${newPrefix} out of ${cidr}: AWS subnets are /${prefix} to /28 inside it`);
    }
    const count = 2 ** (newPrefix - prefix);
    if (!Number.isInteger(index) || index < 0 || index >= count) {
        throw new Error(`block ${index} does not exist: ${cidr} holds ${count} blocks of /${newPrefix}`);
    }
    return formatCidr(address + index * 2 ** (32 - newPrefix), newPrefix);
}

/** Public, private and isolated CIDR blocks for each of `azCount` zones of a /16 VPC. */
export function subnetPlan(vpcCidr: string, azCount: AzCount): SubnetPlan {
    if (parseCidr(vpcCidr).prefix !== 16) {
        throw new Error(`expertconnect:network.cidrBlock: got "${vpcCidr}"; allowed: a /16 block`);
    }
    if (azCount !== 2 && azCount !== 3) {
        throw new Error(`expertconnect:network.azCount: got ${JSON.stringify(azCount)}; allowed: 2, 3`);
    }
    const tier = (t: keyof typeof TIERS) =>
        Array.from({ length: azCount }, (_, az) => subnetCidr(vpcCidr, TIERS[t].prefix, TIERS[t].firstBlock + az));
    return { public: tier("public"), private: tier("private"), isolated: tier("isolated") };
}

/** NAT gateways to create: one per AZ, so an AZ outage cannot cut the others off, or one. */
export function natGatewayCount(azCount: AzCount, mode: NatMode): number {
    return mode === "perAz" ? azCount : 1;
}

/** Index of the NAT gateway the private subnet in zone `az` routes through. */
export function natGatewayForAz(az: number, mode: NatMode): number {
    return mode === "perAz" ? az : 0;
}
