import { expect } from "chai";
import { StackEstimate } from "../../policy/cost/model";
import { formatEstimate } from "../../tools/cost/report";

const estimate: StackEstimate = {
    lines: [
        { urn: "u1", type: "aws:ec2/natGateway:NatGateway", name: "nat-a", component: "network", region: "us-east-1", monthlyUsd: 32.85, basis: "1 NAT gateway" },
        { urn: "u2", type: "aws:kms/key:Key", name: "key", component: "database", region: "us-east-1", monthlyUsd: 1, basis: "1 KMS key" },
    ],
    byComponent: { database: 1, network: 32.85 },
    totalUsd: 33.85,
    usageBased: [
        { urn: "u3", type: "aws:cloudwatch/logGroup:LogGroup", component: "compute", reason: "GB ingested and stored" },
        { urn: "u4", type: "aws:cloudwatch/logGroup:LogGroup", component: "compute", reason: "GB ingested and stored" },
    ],
    unpriced: [{ urn: "u5", type: "aws:rds/instance:Instance", component: "database", reason: "instance class db.x9.huge is not in the price table" }],
};

describe("cost report", () => {
    it("prints each component, the total and the budget verdict", () => {
        const text = formatEstimate({ stack: "prod", budgetUsd: 3000 }, estimate).join("\n");
        expect(text).to.match(/network\s+32\.85/);
        expect(text).to.match(/database\s+1\.00/);
        expect(text).to.match(/Total\s+33\.85\s+budget 3000\.00 \(1%, within budget\)/);
    });

    it("flags a stack over its budget", () => {
        expect(formatEstimate({ stack: "dr", budgetUsd: 10 }, estimate).join("\n")).to.match(/339%, OVER BUDGET/);
    });

    it("groups usage-billed resources and names the ones the table lacks", () => {
        const text = formatEstimate({ stack: "prod" }, estimate).join("\n");
        expect(text).to.contain("2 × aws:cloudwatch/logGroup:LogGroup: GB ingested and stored");
        expect(text).to.contain("NOT PRICED");
        expect(text).to.contain("db.x9.huge");
    });

    it("leaves out the per-resource lines when asked for a summary", () => {
        expect(formatEstimate({ stack: "prod" }, estimate, false).join("\n")).to.not.contain("Per resource");
    });
});
