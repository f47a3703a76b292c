import { expect } from "chai";
import { formatCidr, natGatewayCount, natGatewayForAz, parseCidr, subnetCidr, subnetPlan } from "../../../components/network/cidr";

/** Every address of a block, as [first, last] integers. */
function range(cidr: string): [number, number] {
    const { address, prefix } = parseCidr(cidr);
    return [address, address + 2 ** (32 - prefix) - 1];
}

describe("subnet CIDR math", () => {
    it("parses and formats addresses", () => {
        expect(parseCidr("10.0.96.0/22")).to.deep.equal({ address: 10 * 2 ** 24 + 96 * 256, prefix: 22 });
        expect(formatCidr(10 * 2 ** 24 + 255 * 2 ** 16 + 112 * 256, 22)).to.equal("10.255.112.0/22");
    });

    it("rejects malformed blocks and blocks with host bits", () => {
        expect(() => parseCidr("10.0.0/16")).to.throw(/not an IPv4 CIDR block/);
        expect(() => parseCidr("10.0.0.256/24")).to.throw(/not an IPv4 CIDR block/);
        expect(() => parseCidr("10.0.1.0/16")).to.throw(/host bits set/);
    });

    it("cuts the n-th block like cidrsubnet", () => {
        expect(subnetCidr("10.1.0.0/16", 19, 2)).to.equal("10.1.64.0/19");
        expect(subnetCidr("10.1.0.0/16", 22, 28)).to.equal("10.1.112.0/22");
        expect(() => subnetCidr("10.1.0.0/16", 19, 8)).to.throw(/holds 8 blocks of \/19/);
        expect(() => subnetCidr("10.1.0.0/16", 29, 0)).to.throw(/\/16 to \/28/);
    });

    it("plans three tiers over three zones of the prod VPC", () => {
        expect(subnetPlan("10.0.0.0/16", 3)).to.deep.equal({
            private: ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"],
            public: ["10.0.96.0/22", "10.0.100.0/22", "10.0.104.0/22"],
            isolated: ["10.0.112.0/22", "10.0.116.0/22", "10.0.120.0/22"],
        });
    });

    it("plans two zones for a cheaper stack, inside its own VPC block", () => {
        const plan = subnetPlan("10.1.0.0/16", 2);
        expect(plan.public).to.have.length(2);
        expect(plan.private).to.deep.equal(["10.1.0.0/19", "10.1.32.0/19"]);
        for (const cidr of [...plan.public, ...plan.private, ...plan.isolated]) expect(cidr).to.match(/^10\.1\./);
    });

    it("never overlaps two subnets", () => {
        for (const azCount of [2, 3] as const) {
            const plan = subnetPlan("10.0.0.0/16", azCount);
            const ranges = [...plan.public, ...plan.private, ...plan.isolated].map(range).sort((a, b) => a[0] - b[0]);
            for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).to.be.greaterThan(ranges[i - 1][1]);
        }
    });

    it("names the config key when the VPC block or zone count is wrong", () => {
        expect(() => subnetPlan("10.0.0.0/20", 3)).to.throw(/expertconnect:network.cidrBlock: got "10.0.0.0\/20"; allowed: a \/16/);
        expect(() => subnetPlan("10.0.0.0/16", 4 as never)).to.throw(/expertconnect:network.azCount: got 4; allowed: 2, 3/);
    });

    it("puts a NAT gateway in every zone, or one shared", () => {
        expect(natGatewayCount(3, "perAz")).to.equal(3);
        expect(natGatewayCount(2, "perAz")).to.equal(2);
        expect(natGatewayCount(3, "single")).to.equal(1);
        expect([0, 1, 2].map((az) => natGatewayForAz(az, "perAz"))).to.deep.equal([0, 1, 2]);
        expect([0, 1, 2].map((az) => natGatewayForAz(az, "single"))).to.deep.equal([0, 0, 0]);
    });
});
