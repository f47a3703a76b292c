/**
 * The whole program through the offline engine, as `npm run preview` runs it: prod once, then
 * dr in each failover phase (the engine answers dr's StackReference with prod's offline
 * outputs). Asserts on the deployment exports and the policy reports.
 */
import { expect } from "chai";
import { stackPreviewAsync } from "../../support/stackPreview";
import { PROD_OUTPUTS } from "../../../stack/prodStack";


interface Run {
    code: number | null;
    output: string;
    resources: Array<{ type: string; urn: string; inputs: Record<string, any>; outputs?: Record<string, any>; protect?: boolean }>;
    violations: Array<{ policyName: string; enforcementLevel: string; urn: string }>;
}

/** The shared preview of a stack with config overrides: exit code, export and report. */
async function preview(stack: string, config: string[] = []): Promise<Run> {
    const run = await stackPreviewAsync(stack, config);
    return {
        code: run.code,
        output: `${run.stdout}\n${run.stderr}`,
        resources: run.deployment?.deployment.resources ?? [],
        violations: run.report?.violations ?? [],
    };
}

const ofType = (run: Run, type: string) => run.resources.filter((r) => r.type === type);
const named = (run: Run, type: string, name: string) => {
    const found = ofType(run, type).filter((r) => r.urn.endsWith(`::${name}`));
    expect(found, `${type} ${name}`).to.have.length(1);
    return found[0];
};
const mandatory = (run: Run) => run.violations.filter((v) => v.enforcementLevel === "mandatory");

type Phase = "standby" | "promote" | "promoted";

describe("dr stack through the offline engine", function () {
    this.timeout(180000);
    let prod: Run;
    const runs = {} as Record<Phase, Run>;
    let unknownPhase: Run;
    // The runs are independent processes: start them together.
    before(async () => {
        const phases: Phase[] = ["standby", "promote", "promoted"];
        const [p, bad, ...dr] = await Promise.all([
            preview("prod"),
            preview("dr", ["expertconnect:dr.phase=failback"]),
            // Pulumi.dr.yaml is in standby: that phase is the stack's own preview, shared with other tests.
            ...phases.map((phase) => preview("dr", phase === "standby" ? [] : [`expertconnect:dr.phase=${phase}`])),
        ]);
        prod = p;
        unknownPhase = bad;
        phases.forEach((phase, i) => { runs[phase] = dr[i]; });
    });
    const run = (phase: Phase): Run => runs[phase];

    describe("prod", () => {
        it("exits 0 with the policy pack", () => {
            expect(prod.code, prod.output).to.equal(0);
        });

        it("exports every output the dr stack reads", () => {
            const outputs = ofType(prod, "pulumi:pulumi:Stack")[0].outputs ?? {};
            for (const name of Object.values(PROD_OUTPUTS)) {
                expect(outputs, name).to.have.property(name);
            }
            expect(outputs.replicaRepositoryUrls).to.have.keys("expertconnect-backend", "expertconnect-frontend");
            expect(outputs.staticReplicaBucketName).to.equal("expertconnect-prod-static-us-west-2");
        });

        it("replicates the static bucket the data layer created, after its versioning is on", () => {
            const rule = ofType(prod, "aws:s3/bucketReplicationConfig:BucketReplicationConfig")[0];
            expect(rule.inputs.bucket).to.equal("expertconnect-prod-static");
            const versioning = named(prod, "aws:s3/bucketVersioning:BucketVersioning", "data-static-versioning");
            expect((rule as any).dependencies).to.include(versioning.urn);
        });

        it("backs up prod's database by ARN", () => {
            const db = named(prod, "aws:rds/instance:Instance", "database");
            expect(ofType(prod, "aws:backup/selection:Selection")[0].inputs.resources).to.deep.equal([db.outputs!.arn]);
        });
    });

    describe("every phase", () => {
        for (const phase of ["standby", "promote", "promoted"] as const) {
            it(`${phase}: reads prod only through the StackReference, with no AWS provider or resource in us-east-1`, () => {
                const r = run(phase);
                expect(ofType(r, "pulumi:pulumi:StackReference").map((s) => s.inputs.name)).to.deep.equal(["organization/expertconnect-infra/prod"]);
                for (const p of ofType(r, "pulumi:providers:aws")) {
                    expect(p.inputs.region, p.urn).to.equal("us-west-2");
                }
                expect(r.resources.filter((x) => x.inputs.region === "us-east-1").map((x) => x.urn)).to.deep.equal([]);
            });

            it(`${phase}: the backend reads the database credentials from prod's master secret replicated into us-west-2`, () => {
                const backend = ofType(run(phase), "aws:ecs/taskDefinition:TaskDefinition")
                    .map((td) => JSON.parse(td.inputs.containerDefinitions)[0]).find((c) => c.name === "backend");
                const secrets = Object.fromEntries(backend.secrets.map((s: { name: string; valueFrom: string }) => [s.name, s.valueFrom]));
                const prodMaster = ofType(prod, "pulumi:pulumi:Stack")[0].outputs!.databaseMasterSecretReplicaArn;
                expect(prodMaster).to.match(/^arn:aws:secretsmanager:us-west-2:/);
                expect(secrets.DATABASE_USER).to.equal(`${prodMaster}:username::`);
                expect(secrets.DATABASE_PASSWORD).to.equal(`${prodMaster}:password::`);
                expect(db(run(phase)).inputs.tags).to.include({ FailoverPhase: phase });
            });

            it(`${phase}: the services pull prod's images replicated into us-west-2`, () => {
                const taskDefinitions = ofType(run(phase), "aws:ecs/taskDefinition:TaskDefinition");
                expect(taskDefinitions).to.have.lengthOf(2);
                for (const td of taskDefinitions) {
                    const image: string = JSON.parse(td.inputs.containerDefinitions)[0].image;
                    expect(image).to.match(/^123456789012\.dkr\.ecr\.us-west-2\.amazonaws\.com\/expertconnect-(backend|frontend):/);
                }
                expect(ofType(run(phase), "aws:ecr/repository:Repository")).to.deep.equal([]);
            });
        }
    });

    const scaling = (r: Run) => Object.fromEntries(ofType(r, "aws:appautoscaling/target:Target")
        .map((t) => [t.urn.split("::").pop(), [t.inputs.minCapacity, t.inputs.maxCapacity]]));
    const db = (r: Run) => named(r, "aws:rds/instance:Instance", "database");
    const lagAlarms = (r: Run) => ofType(r, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.inputs.metricName === "ReplicaLag");

    describe("standby", () => {
        it("exits 0 with the policy pack", () => {
            expect(run("standby").code, run("standby").output).to.equal(0);
        });

        it("runs expertconnect-dr-db as a protected replica of prod's instance", () => {
            const i = db(run("standby"));
            expect(i.inputs).to.include({ identifier: "expertconnect-dr-db", replicateSourceDb: "arn:aws:rds:us-east-1:123456789012:db:expertconnect-prod-db" });
            expect(i.inputs.kmsKeyId).to.match(/^arn:aws:kms:us-west-2:/);
            expect(i.inputs).not.to.have.property("backupRetentionPeriod");
            expect(i.protect).to.equal(true);
        });

        it("runs the services pilot light: no task, ceiling 1", () => {
            expect(scaling(run("standby"))).to.deep.equal({ "backend-scaling": [0, 1], "frontend-scaling": [0, 1] });
            expect(ofType(run("standby"), "aws:ecs/service:Service").map((s) => s.inputs.desiredCount)).to.deep.equal([0, 0]);
        });

        it("alarms on replica lag above the RPO", () => {
            const alarms = lagAlarms(run("standby"));
            expect(alarms).to.have.length(1);
            expect(alarms[0].inputs).to.include({ threshold: 60, treatMissingData: "breaching" });
        });
    });

    describe("promote", () => {
        it("promotes the replica: no replicateSourceDb, same key, a final snapshot", () => {
            const i = db(run("promote"));
            expect(i.inputs).not.to.have.property("replicateSourceDb");
            expect(i.inputs.kmsKeyId).to.equal(db(run("standby")).inputs.kmsKeyId);
            expect(i.inputs).to.include({ skipFinalSnapshot: false, multiAz: false, deletionProtection: true });
        });

        it("scales the services to prod's desired count at once", () => {
            expect(scaling(run("promote"))).to.deep.equal({ "backend-scaling": [2, 5], "frontend-scaling": [2, 5] });
        });

        it("drops the replica-lag alarm", () => {
            expect(lagAlarms(run("promote"))).to.deep.equal([]);
        });

        it("exits 0 with the policy pack: the instance tagged FailoverPhase=promote waits for `promoted` to be judged on backups", () => {
            // RDS refuses backup settings on a PostgreSQL replica and the provider modifies
            // before it promotes, so they are deployed by the next phase (docs/disaster-recovery.md).
            expect(run("promote").code, run("promote").output).to.equal(0);
            expect(mandatory(run("promote"))).to.deep.equal([]);
            expect(db(run("promote")).inputs).not.to.have.property("backupRetentionPeriod");
        });
    });

    describe("promoted", () => {
        it("exits 0 with the policy pack", () => {
            expect(run("promoted").code, run("promoted").output).to.equal(0);
        });

        it("turns on backups and Multi-AZ on the new primary and keeps prod's master password", () => {
            const i = db(run("promoted"));
            expect(i.inputs).to.include({ backupRetentionPeriod: 14, multiAz: true, deletionProtection: true });
            for (const field of ["manageMasterUserPassword", "password", "passwordWo"]) expect(i.inputs, field).not.to.have.property(field);
        });

        it("returns the services to prod's auto-scaling range", () => {
            expect(scaling(run("promoted"))).to.deep.equal({ "backend-scaling": [1, 5], "frontend-scaling": [1, 5] });
        });
    });

    it("rejects an unknown phase before any resource, naming the key and the allowed values", () => {
        const bad = unknownPhase;
        expect(bad.code).to.equal(2);
        expect(bad.output).to.contain("expertconnect:dr.phase: got \"failback\"").and.contain("\"standby\", \"promote\", \"promoted\"");
        expect(bad.resources).to.deep.equal([]);
    });
});
