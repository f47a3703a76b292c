/**
 * Drift: the resource policies judge the effective value. Analyze judges a resource's inputs (a
 * new or changed resource); `state-drift` runs the same checks on its deployed state (outputs, in
 * AnalyzeStack), so a setting changed outside Pulumi is caught even when the inputs comply.
 */
import { expect } from "chai";

import { ecsNoPublicIp } from "../../policy/ecs/publicIp";
import { ecsReadOnlyRootFilesystem } from "../../policy/ecs/readOnlyRoot";
import { elasticacheEncryptionInTransit } from "../../policy/elasticache/encryption";
import { dataDeletionProtection } from "../../policy/generic/deletionProtection";
import { forgetRun, GuardPolicy, stateDrift } from "../../policy/lib/define";
import { AbsentFromState, effective } from "../../policy/lib/effective";
import { sgDataPortsFromGroups } from "../../policy/network/dataPorts";
import { rdsParametersDurable } from "../../policy/rds/durableParameters";
import { rdsManagedPassword } from "../../policy/rds/managedPassword";
import { rdsNotPublic } from "../../policy/rds/notPublic";
import { changed, expectPass, expectViolation } from "./support/expect";
import { backendContainer, primaryDb, taskDefinition } from "./support/fixtures";
import { analyzeResource, analyzeStack, Outcome, ResourceInput, secret, StackResourceInput, UNKNOWN, urnOf } from "./support/harness";

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
        expect(() => "passwordWo" in view).to.throw(AbsentFromState);
        expect(effective({ passwordWo: "x" }).passwordWo).to.equal("x");
    });
});

const drift = stateDrift();
const db: StackResourceInput = structuredClone(primaryDb);

/** Analyze of `inputs` through `policy` (as the run does first), then AnalyzeStack of `state`. */
async function judged(policy: GuardPolicy, inputs: ResourceInput, state: StackResourceInput[], config?: Record<string, unknown>): Promise<Outcome> {
    await analyzeResource(policy, inputs, { config });
    return analyzeStack(drift, state);
}

describe("state-drift", () => {
    it("passes a deployed state that matches compliant inputs", async () => {
        expectPass(await judged(rdsNotPublic, db, [db]));
    });
    it("reports a database made public outside Pulumi although its inputs comply", async () => {
        const outcome = await judged(rdsNotPublic, db, [changed(db, r => { r.props.publiclyAccessible = true; })]);
        expectViolation(outcome, drift, /rds-not-publicly-accessible: deployed state: publiclyAccessible is true/, urnOf(db.type, db.name));
    });
    it("reports a finding once when the inputs already showed it (a new resource's planned outputs repeat its inputs)", async () => {
        const open = changed(db, r => { r.props.publiclyAccessible = true; });
        await analyzeResource(rdsNotPublic, open);
        expectPass(await analyzeStack(drift, [open]));
    });
    it("does not treat a write-only input absent from the state as unset", async () => {
        const writeOnly = changed(db, r => {
            delete r.props.manageMasterUserPassword;
            r.props.passwordWo = secret("from-secrets-manager");
        });
        expectPass(await judged(rdsManagedPassword, writeOnly, [changed(writeOnly, r => { delete r.props.passwordWo; })]));
    });
    it("reports a plaintext password that appears in the state", async () => {
        const state = changed(db, r => { r.props.password = secret("hunter2-hunter2"); });
        expectViolation(await judged(rdsManagedPassword, db, [state]), drift, /rds-no-plaintext-password: deployed state: password is set/);
    });
    it("reports a cache whose TLS was switched to preferred outside Pulumi", async () => {
        const cache: StackResourceInput = { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "cache", props: { transitEncryptionEnabled: true } };
        const outcome = await judged(elasticacheEncryptionInTransit, cache, [changed(cache, r => { r.props.transitEncryptionMode = "preferred"; })]);
        expectViolation(outcome, drift, /transitEncryptionMode is preferred/);
    });
    it("reports a service given public IPs outside Pulumi", async () => {
        const service = (assignPublicIp: boolean): StackResourceInput => ({
            type: "aws:ecs/service:Service", name: "backend", props: { networkConfiguration: { assignPublicIp, subnets: ["subnet-1"] } },
        });
        expectViolation(await judged(ecsNoPublicIp, service(false), [service(true)]), drift, /ecs-no-public-ip: deployed state: networkConfiguration.assignPublicIp is true/);
    });
    it("reports a data-port rule opened to a CIDR in the state", async () => {
        const rule = (cidrIpv4?: string): StackResourceInput => ({
            type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", name: "db-in",
            props: { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, ...(cidrIpv4 ? { cidrIpv4 } : { referencedSecurityGroupId: "sg-app" }) },
        });
        expectViolation(await judged(sgDataPortsFromGroups, rule(), [rule("10.0.0.0/8")]), drift, /sg-data-ports-from-groups: deployed state: ingress from 10.0.0.0\/8/);
    });
    it("reports a parameter group whose synchronous_commit was switched off in the console", async () => {
        const group: StackResourceInput = { type: "aws:rds/parameterGroup:ParameterGroup", name: "database-params", props: { family: "postgres16", parameters: [{ name: "rds.force_ssl", value: "1" }] } };
        const state = changed(group, r => { (r.props.parameters as object[]).push({ name: "synchronous_commit", value: "off", applyMethod: "immediate" }); });
        expectViolation(await judged(rdsParametersDurable, group, [state]), drift, /rds-parameters-durable: deployed state: synchronous_commit is off: commits are reported/);
    });
    it("judges a policy only on its own types", async () => {
        const other: StackResourceInput = { type: "aws:s3/bucket:Bucket", name: "b", props: { publiclyAccessible: true } };
        expectPass(await judged(rdsNotPublic, db, [db, other]));
    });
    it("applies a policy's environments: prod-only deletion protection is not asked of dr's state", async () => {
        const aurora: StackResourceInput = { type: "aws:rds/cluster:Cluster", name: "aurora", props: { deletionProtection: true, finalSnapshotIdentifier: "final" } };
        const unprotected = changed(aurora, r => { r.props.deletionProtection = false; });
        await analyzeResource(dataDeletionProtection, aurora, { config: { environment: "dr" } });
        expectPass(await analyzeStack(drift, [unprotected]));
        expectViolation(await judged(dataDeletionProtection, aurora, [unprotected]), drift, /data-deletion-protection: deployed state: deletionProtection is false/);
    });
    describe("levels the stack's policy config sets (a policy cannot read them: the config lists them for the state pass)", () => {
        const readOnly = taskDefinition([{ ...backendContainer, readonlyRootFilesystem: true }]);
        const writable = changed(readOnly, r => {
            const list = JSON.parse(r.props.containerDefinitions as string);
            list[0].readonlyRootFilesystem = false;
            r.props.containerDefinitions = JSON.stringify(list);
        });
        const stateWith = async (policy: GuardPolicy, inputs: StackResourceInput, state: StackResourceInput, levels: Record<string, string[]>) => {
            await analyzeResource(policy, inputs);
            return analyzeStack(drift, [state], { config: levels });
        };
        it("judges an advisory policy the config raises to mandatory (mandatoryByConfig)", async () => {
            expectViolation(await stateWith(ecsReadOnlyRootFilesystem, readOnly, writable, { mandatoryByConfig: ["ecs-read-only-root-filesystem"] }),
                drift, /ecs-read-only-root-filesystem: deployed state: container backend has a writable root filesystem/);
        });
        it("leaves an advisory policy's deployed state alone when the config keeps it advisory", async () => {
            expectPass(await stateWith(ecsReadOnlyRootFilesystem, readOnly, writable, {}));
        });
        it("stops judging a mandatory policy the config lowers to advisory (advisoryByConfig)", async () => {
            const open = changed(db, r => { r.props.publiclyAccessible = true; });
            expectPass(await stateWith(rdsNotPublic, db, open, { advisoryByConfig: ["rds-not-publicly-accessible"] }));
            expectViolation(await stateWith(rdsNotPublic, db, open, {}), drift, /rds-not-publicly-accessible: deployed state/);
        });
        it("offers exactly the resource policies that judge state, by their code level", () => {
            const props = drift.configSchema!.properties as Record<string, { items: { enum: string[] } }>;
            expect(props.mandatoryByConfig.items.enum).to.include("ecs-read-only-root-filesystem").and.not.include("rds-not-publicly-accessible");
            expect(props.advisoryByConfig.items.enum).to.include("rds-not-publicly-accessible").and.not.include("ecs-read-only-root-filesystem");
        });
    });
    it("judges nothing for policies that did not run on inputs in this run (disabled, or no resource of their types)", async () => {
        forgetRun();
        expectPass(await analyzeStack(drift, [changed(db, r => { r.props.publiclyAccessible = true; })]));
    });
});
