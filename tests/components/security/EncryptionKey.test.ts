import { expect } from "chai";
import { EncryptionKey } from "../../../components/security/EncryptionKey";
import { installMocks, MockHarness, settle } from "../../support/pulumi";

const tags = { project: "expertconnect", environment: "prod" };

describe("EncryptionKey", () => {
    let mocks: MockHarness;
    before(async () => {
        mocks = installMocks({ stack: "prod", region: "us-east-1" });
        new EncryptionKey("database", {
            alias: "expertconnect-prod-database", description: "Encrypts the database", tags, component: "database",
            services: [{ service: "rds.amazonaws.com" }],
        });
        new EncryptionKey("replica", {
            alias: "expertconnect-dr-database", description: "Encrypts the replica", tags, component: "dr",
            region: "us-west-2", deletionWindowInDays: 7,
        });
        new EncryptionKey("scratch", { alias: "expertconnect-test-scratch", description: "Throwaway", tags, component: "scratch", allowDataLoss: true });
        await settle();
    });
    const key = (name: string) => mocks.one("aws:kms/key:Key", name);
    const alias = (name: string) => mocks.one("aws:kms/alias:Alias", `${name}-alias`);

    it("is protected and retained on delete, since losing it loses every backup it encrypted", () => {
        expect(key("database")).to.include({ protect: true, retainOnDelete: true });
        expect(key("replica")).to.include({ protect: true, retainOnDelete: true });
    });

    it("drops the protection only for an explicit allowDataLoss", () => {
        expect(key("scratch")).to.include({ protect: false, retainOnDelete: false });
    });

    it("rotates yearly and waits 30 days before deleting, unless told otherwise", () => {
        expect(key("database").inputs).to.include({ enableKeyRotation: true, deletionWindowInDays: 30, description: "Encrypts the database" });
        expect(key("replica").inputs.deletionWindowInDays).to.equal(7);
    });

    it("carries project, environment and component tags", () => {
        expect(key("database").inputs.tags).to.deep.equal({ Project: "expertconnect", Environment: "prod", Component: "database" });
    });

    it("takes the key policy for the account and the listed services", () => {
        const statements = JSON.parse(key("database").inputs.policy).Statement;
        expect(statements.map((s: any) => s.Principal)).to.deep.equal([
            { AWS: "arn:aws:iam::123456789012:root" }, { Service: "rds.amazonaws.com" },
        ]);
        expect(statements[1].Condition).to.deep.equal({ StringEquals: { "aws:SourceAccount": "123456789012" } });
        expect(JSON.parse(key("scratch").inputs.policy).Statement).to.have.length(1);
    });

    it("is reachable by its alias, which points at the key", () => {
        expect(alias("database").inputs).to.deep.include({ name: "alias/expertconnect-prod-database", targetKeyId: key("database").outputs.keyId });
    });

    it("puts key and alias in the requested region, and leaves the others in the provider's", () => {
        expect(key("replica").inputs.region).to.equal("us-west-2");
        expect(alias("replica").inputs.region).to.equal("us-west-2");
        expect(key("database").inputs).not.to.have.property("region");
        expect(alias("database").inputs).not.to.have.property("region");
    });

    it("parents key and alias to the component", () => {
        const component = mocks.one("expertconnect:security:EncryptionKey", "database");
        expect(mocks.childrenOf(component.urn).filter((r) => r.custom).map((r) => r.name).sort()).to.deep.equal(["database", "database-alias"]);
    });
});
