import { expect } from "chai";
import { TaskSecurityGroup } from "../../../components/compute/TaskSecurityGroup";
import { installMocks, MockHarness, settle, valueOf } from "../../support/pulumi";

const tags = { project: "expertconnect", environment: "prod" };

describe("TaskSecurityGroup", () => {
    let mocks: MockHarness;
    let group: TaskSecurityGroup;
    before(async () => {
        mocks = installMocks({ stack: "prod", region: "us-east-1" });
        group = new TaskSecurityGroup("backend-tasks", {
            serviceName: "expertconnect-prod-backend", vpcId: "vpc-1", tags, component: "backend",
            egress: [{ description: "PostgreSQL in the isolated subnets", port: 5432, cidrBlocks: ["10.0.112.0/22", "10.0.116.0/22"] }],
        });
        new TaskSecurityGroup("frontend-tasks", { serviceName: "expertconnect-prod-frontend", vpcId: "vpc-1", tags, component: "frontend" });
        await settle();
    });
    const sg = (name: string) => mocks.one("aws:ec2/securityGroup:SecurityGroup", name);
    const egressOf = (name: string) => mocks.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
        .filter((r) => r.inputs.securityGroupId === sg(name).id)
        .map((r) => [r.inputs.cidrIpv4, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort, r.inputs.description]);

    it("opens nothing inbound by itself", () => {
        expect(mocks.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).to.deep.equal([]);
    });

    it("allows exactly the configured egress, one rule per CIDR block", () => {
        expect(egressOf("backend-tasks")).to.deep.equal([
            ["10.0.112.0/22", "tcp", 5432, 5432, "PostgreSQL in the isolated subnets"],
            ["10.0.116.0/22", "tcp", 5432, 5432, "PostgreSQL in the isolated subnets"],
        ]);
    });

    it("defaults to HTTPS out only", () => {
        expect(egressOf("frontend-tasks")).to.deep.equal([["0.0.0.0/0", "tcp", 443, 443, "HTTPS to AWS APIs and external providers"]]);
    });

    it("is tagged with its service and exposes its id", async () => {
        expect(sg("backend-tasks").inputs.tags).to.deep.equal({ Project: "expertconnect", Environment: "prod", Component: "backend" });
        expect(await valueOf(group.id)).to.equal(sg("backend-tasks").id);
    });
});
