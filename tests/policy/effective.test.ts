/**
 * Drift: every resource policy judges the effective value. Its inputs are judged by Analyze (a new
 * or changed resource); its deployed state (outputs, in AnalyzeStack) by the same check, so a
 * setting changed outside Pulumi is caught even when the program's inputs are compliant.
 */
import { expect } from "chai";

import { elasticacheEncryptionInTransit } from "../../policy/elasticache/encryption";
import { ecsNoPublicIp } from "../../policy/ecs/publicIp";
import { AbsentFromState, effective } from "../../policy/lib/effective";
import { sgDataPortsFromGroups } from "../../policy/network/dataPorts";
import { rdsManagedPassword } from "../../policy/rds/managedPassword";
import { rdsNotPublic } from "../../policy/rds/notPublic";
import { changed, expectPass, expectViolation } from "./support/expect";
import { primaryDb } from "./support/fixtures";
import { analyzeResource, analyzeStack, secret, StackResourceInput, UNKNOWN, urnOf } from "./support/harness";

describe("effective()", () => {
    it("reads properties the state holds, unknown ones included", () => {
        const view = effective({ publiclyAccessible: false, arn: UNKNOWN });
        expect(view.publiclyAccessible).to.equal(false);
        expect(view.arn).to.equal(UNKNOWN);
    });
    it("reads an absent property as unset, as in the inputs", () => {
        expect(effective({}).cidrIpv6).to.equal(undefined);
    });
    it("throws AbsentFromState for a write-only argument, which the state never holds", () => {
        const view = effective({});
        expect(() => view.passwordWo).to.throw(AbsentFromState, /passwordWo/);
        expect(() => view.authTokenWoVersion).to.throw(AbsentFromState);
        expect(effective({ passwordWo: "x" }).passwordWo).to.equal("x");
    });
});

const db: StackResourceInput = structuredClone(primaryDb);

describe("resource policies on the deployed state", () => {
    it("catch a database made public outside Pulumi (outputs) although its inputs are compliant", async () => {
        expectPass(await analyzeResource(rdsNotPublic, db));
        const drifted = changed(db, r => { r.props.publiclyAccessible = true; });
        const outcome = await analyzeStack(rdsNotPublic, [drifted]);
        expectViolation(outcome, rdsNotPublic, /deployed state: publiclyAccessible is true/, urnOf(db.type, db.name));
    });
    it("pass a compliant deployed state", async () => {
        expectPass(await analyzeStack(rdsNotPublic, [db]));
    });
    it("report a finding once when the inputs already showed it (a new resource's planned outputs repeat its inputs)", async () => {
        const open = changed(db, r => { r.props.publiclyAccessible = true; });
        const fromInputs = await analyzeResource(rdsNotPublic, open);
        expect(fromInputs.violations).to.have.length(1);
        const fromState = await analyzeStack(rdsNotPublic, [open]);
        expect(fromState.violations).to.deep.equal([]);
    });
    it("do not treat a write-only input absent from the state as unset", async () => {
        const writeOnly = changed(db, r => {
            delete r.props.manageMasterUserPassword;
            r.props.passwordWo = secret("from-secrets-manager");
        });
        expectPass(await analyzeResource(rdsManagedPassword, writeOnly));
        const state = changed(writeOnly, r => { delete r.props.passwordWo; });
        expectPass(await analyzeStack(rdsManagedPassword, [state]));
    });
    it("catch a plaintext password that appears in the state", async () => {
        const state = changed(db, r => { r.props.password = secret("hunter2-hunter2"); });
        expectViolation(await analyzeStack(rdsManagedPassword, [state]), rdsManagedPassword, /deployed state: password is set/);
    });
    it("catch a cache whose TLS was switched to preferred outside Pulumi", async () => {
        const cache: StackResourceInput = {
            type: "aws:elasticache/replicationGroup:ReplicationGroup",
            name: "cache",
            props: { transitEncryptionEnabled: true, transitEncryptionMode: "preferred" },
        };
        expectViolation(await analyzeStack(elasticacheEncryptionInTransit, [cache]), elasticacheEncryptionInTransit, /deployed state: transitEncryptionMode is preferred/);
    });
    it("catch a service given public IPs outside Pulumi, and pass one whose state keeps them off", async () => {
        const service = (assignPublicIp: boolean): StackResourceInput => ({
            type: "aws:ecs/service:Service",
            name: "backend",
            props: { networkConfiguration: { assignPublicIp, subnets: ["subnet-1"] } },
        });
        expectViolation(await analyzeStack(ecsNoPublicIp, [service(true)]), ecsNoPublicIp, /deployed state: networkConfiguration.assignPublicIp is true/);
        expectPass(await analyzeStack(ecsNoPublicIp, [service(false)]));
    });
    it("catch a data-port rule opened to a CIDR in the state", async () => {
        const rule: StackResourceInput = {
            type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            name: "db-in",
            props: { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, cidrIpv4: "10.0.0.0/8" },
        };
        expectViolation(await analyzeStack(sgDataPortsFromGroups, [rule]), sgDataPortsFromGroups, /deployed state: ingress from 10.0.0.0\/8/);
    });
    it("judge only their own types in the state", async () => {
        const other: StackResourceInput = { type: "aws:s3/bucket:Bucket", name: "b", props: { publiclyAccessible: true } };
        expectPass(await analyzeStack(rdsNotPublic, [db, other]));
    });
});
