import { expect } from "chai";
import { connectionsAlarmThreshold, maxConnections } from "../../../components/monitoring/maxConnections";
import { instanceClassMemoryBytes, knownInstanceClasses } from "../../../lib/rdsInstanceClasses";

describe("RDS PostgreSQL max_connections", () => {
    // LEAST(memory / 9531392, 5000) over nominal memory, worked out by hand.
    const table: Array<[string, number]> = [
        ["db.t3.micro", 112], ["db.t3.small", 225], ["db.t3.medium", 450], ["db.t3.large", 901],
        ["db.t3.xlarge", 1802], ["db.t3.2xlarge", 3604],
        ["db.t4g.micro", 112], ["db.t4g.medium", 450], ["db.t4g.2xlarge", 3604],
        ["db.m5.large", 901], ["db.m6g.xlarge", 1802], ["db.m6i.2xlarge", 3604], ["db.m7g.4xlarge", 5000],
        ["db.r5.large", 1802], ["db.r6g.xlarge", 3604], ["db.r6i.2xlarge", 5000], ["db.r7g.4xlarge", 5000],
    ];
    for (const [instanceClass, expected] of table) {
        it(`${instanceClass} allows ${expected} connections`, () => {
            expect(maxConnections(instanceClass)).to.equal(expected);
        });
    }

    it("caps at 5000 however much memory the class has", () => {
        expect(maxConnections("db.r6g.16xlarge")).to.equal(5000);
    });

    it("alarms at 80% of max_connections, not the guide's flat 80", () => {
        expect(connectionsAlarmThreshold("db.t3.medium")).to.equal(360);
        expect(connectionsAlarmThreshold("db.t3.micro")).to.equal(89);
        expect(connectionsAlarmThreshold("db.r6g.xlarge")).to.equal(2883);
        expect(connectionsAlarmThreshold("db.m7g.4xlarge")).to.equal(4000);
    });

    it("knows every size of the families the stacks may use", () => {
        for (const family of ["t3", "t4g"]) {
            for (const size of ["micro", "small", "medium", "large", "xlarge", "2xlarge"]) {
                expect(knownInstanceClasses).to.include(`db.${family}.${size}`);
            }
        }
        for (const family of ["m5", "m6g", "m6i", "m7g", "r5", "r6g", "r6i", "r7g"]) {
            for (const size of ["large", "xlarge", "2xlarge", "4xlarge"]) {
                expect(knownInstanceClasses).to.include(`db.${family}.${size}`);
            }
        }
        expect(instanceClassMemoryBytes("db.r5.large")).to.equal(16 * 1024 ** 3);
    });

    it("rejects an unknown class, naming the config key and the allowed classes", () => {
        expect(() => maxConnections("db.x9.huge")).to.throw(/expertconnect:database\.instanceClass.*"db\.x9\.huge".*allowed: .*db\.t3\.medium/);
        expect(() => connectionsAlarmThreshold("t3.medium")).to.throw(/no memory size known/);
    });
});
