/**
 * The whole program through the offline engine, as `npm run preview` runs it: prod (serving and
 * fenced), then dr in each failover phase, each previewed from the phase before it (the engine
 * answers dr's StackReference to prod with prod's offline outputs, and its reference to itself
 * with `--previous`, an export of the phase before, or with its committed stack file). Asserts on
 * the deployment exports, the policy reports and the exit codes.
 */
import { expect } from "chai";
import { PROD_OUTPUTS } from "../../../stack/prodStack";
import { RELEASES_OUTPUT } from "../../../policy/lib/facts/releases";
import { Deployment, PreviewOptions, StackPreview, stackPreviewAsync } from "../../support/stackPreview";

interface Run {
    code: number | null;
    output: string;
    resources: Array<{ type: string; urn: string; inputs: Record<string, any>; outputs?: Record<string, any>; protect?: boolean }>;
    violations: Array<{ policyName: string; enforcementLevel: string; urn: string }>;
}

/** A `pulumi stack export` of dr whose last deployment recorded `phase`: what `--previous` reads. */
function exportOfDrIn(phase: string): object {
    return {
        version: 3,
        deployment: {
            manifest: { time: "2026-01-01T00:00:00Z", magic: "", version: "v3.276.0" },
            resources: [{
                urn: "urn:pulumi:dr::expertconnect-infra::pulumi:pulumi:Stack::expertconnect-infra-dr",
                custom: false, type: "pulumi:pulumi:Stack", outputs: { drPhase: phase, drMode: "pilot" },
            }],
        },
    };
}

const toRun = (run: StackPreview): Run => ({
    code: run.code,
    output: `${run.stdout}\n${run.stderr}`,
    resources: run.deployment?.deployment.resources ?? [],
    violations: run.report?.violations ?? [],
});

/** One `npm run preview` of a stack (shared with every test asking for the same run): its exit code, export and report. */
const preview = async (stack: string, options: PreviewOptions = {}): Promise<Run> => toRun(await stackPreviewAsync(stack, options));

/** dr in `phase`, reading prod's export (as prod last deployed) and, when given, its own export in `previousPhase`. */
function previewDr(phase: string, prodExport: Deployment, previousPhase?: string): Promise<Run> {
    const previous = previousPhase ? [exportOfDrIn(previousPhase), prodExport] : [prodExport];
    return preview("dr", { config: [`expertconnect:dr.phase=${phase}`], previous });
}

const ofType = (run: Run, type: string) => run.resources.filter((r) => r.type === type);
const named = (run: Run, type: string, name: string) => {
    const found = ofType(run, type).filter((r) => r.urn.endsWith(`::${name}`));
    expect(found, `${type} ${name}`).to.have.length(1);
    return found[0];
};
const mandatory = (run: Run) => run.violations.filter((v) => v.enforcementLevel === "mandatory");

type Phase = "standby" | "promote" | "promoted" | "failback";
const PHASES: Phase[] = ["standby", "promote", "promoted", "failback"];
/** The phase each is deployed from: standby from failback (the end of a fail-back), promote from the committed standby. */
const BEFORE: Record<Phase, Phase | undefined> = { standby: "failback", promote: undefined, promoted: "promote", failback: "promoted" };

describe("dr stack through the offline engine", function () {
    this.timeout(600000);
    let prod: Run;
    let fenced: Run;
    const runs = {} as Record<Phase, Run>;
    let unknownPhase: Run;
    let skipped: Run;
    let backwards: Run;
    // Two stages of runs side by side: prod (and what needs no prod), then dr reading prod's export.
    before(async () => {
        const [prodRun, ...first] = await Promise.all([
            stackPreviewAsync("prod"),
            preview("prod", { config: ["expertconnect:dr.fenced=true"], packConfig: "policy/config/prod-fenced.json" }),
            preview("dr", { config: ["expertconnect:dr.phase=demoted"] }),
        ]);
        prod = toRun(prodRun);
        [fenced, unknownPhase] = first;
        expect(prodRun.deployment, prod.output).to.not.equal(undefined);
        const [skip, back, ...dr] = await Promise.all([
            previewDr("promoted", prodRun.deployment!),
            previewDr("standby", prodRun.deployment!, "promoted"),
            ...PHASES.map((phase) => previewDr(phase, prodRun.deployment!, BEFORE[phase])),
        ]);
        [skipped, backwards] = [skip, back];
        PHASES.forEach((phase, i) => { runs[phase] = dr[i]; });
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
            // What the pack holds dr's task definitions to (dr-runs-prod-release): the tags prod's task definitions pull.
            expect(outputs[RELEASES_OUTPUT]).to.deep.equal({ "expertconnect-backend": "v1.0.0", "expertconnect-frontend": "v1.0.0" });
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
        for (const phase of PHASES) {
            it(`${phase}: previewed from ${BEFORE[phase] ?? "the committed standby"}, exits 0 with the policy pack`, () => {
                expect(run(phase).code, run(phase).output).to.equal(0);
                expect(mandatory(run(phase))).to.deep.equal([]);
            });

            it(`${phase}: reads prod and its own last phase only through StackReferences (current organization), with no AWS provider or resource in us-east-1`, () => {
                const r = run(phase);
                expect(ofType(r, "pulumi:pulumi:StackReference").map((s) => s.inputs.name).sort())
                    .to.deep.equal(["organization/expertconnect-infra/dr", "organization/expertconnect-infra/prod"]);
                for (const p of ofType(r, "pulumi:providers:aws")) {
                    expect(p.inputs.region, p.urn).to.equal("us-west-2");
                }
                expect(r.resources.filter((x) => x.inputs.region === "us-east-1").map((x) => x.urn)).to.deep.equal([]);
            });

            it(`${phase}: the backend logs in as its own role with IAM tokens, never with prod's master secret`, () => {
                const backend = ofType(run(phase), "aws:ecs/taskDefinition:TaskDefinition")
                    .map((td) => JSON.parse(td.inputs.containerDefinitions)[0]).find((c) => c.name === "backend");
                const secrets = Object.fromEntries(backend.secrets.map((s: { name: string; valueFrom: string }) => [s.name, s.valueFrom]));
                const prodMaster = ofType(prod, "pulumi:pulumi:Stack")[0].outputs!.databaseMasterSecretReplicaArn;
                expect(prodMaster).to.match(/^arn:aws:secretsmanager:us-west-2:/);
                expect(secrets.DATABASE_USER).to.equal("arn:aws:ssm:us-west-2:123456789012:parameter/expertconnect/dr/database/user");
                expect(secrets.DATABASE_AUTH_METHOD).to.equal("arn:aws:ssm:us-west-2:123456789012:parameter/expertconnect/dr/database/auth-method");
                expect(secrets).to.not.have.property("DATABASE_PASSWORD");
                expect(JSON.stringify(backend)).to.not.contain(prodMaster);
                expect(db(run(phase)).inputs.tags).to.include({ FailoverPhase: phase });
                const [cache] = ofType(run(phase), "aws:elasticache/replicationGroup:ReplicationGroup");
                expect(cache.inputs.tags).to.include({ FailoverPhase: phase });
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
    const alarmNames = (r: Run) => ofType(r, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.inputs.name as string);
    const lagAlarms = (r: Run) => ofType(r, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => /replica-(lag|stalled)/.test(a.inputs.name));
    const probe = (r: Run) => named(r, "aws:lb/listenerRule:ListenerRule", "alb-role-probe").inputs.actions[0].fixedResponse.statusCode;
    const ingressFromBackend = (r: Run, port: number) => ofType(r, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        .filter((i) => i.inputs.fromPort === port && i.inputs.referencedSecurityGroupId);
    const backendSg = (r: Run) => (named(r, "aws:ec2/securityGroup:SecurityGroup", "backend-tasks") as any).id as string;

    describe("standby", () => {
        it("runs expertconnect-dr-db as a protected replica of prod's instance, with backups of its own", () => {
            const i = db(run("standby"));
            expect(i.inputs).to.include({ identifier: "expertconnect-dr-db", replicateSourceDb: "arn:aws:rds:us-east-1:123456789012:db:expertconnect-prod-db" });
            expect(i.inputs.kmsKeyId).to.match(/^arn:aws:kms:us-west-2:/);
            expect(i.inputs).to.include({ backupRetentionPeriod: 14, multiAz: false });
            expect(i.protect).to.equal(true);
        });

        it("is the recovery site's replica, aliased from where it was registered before (no replacement)", () => {
            const component = ofType(run("standby"), "expertconnect:data:Database")[0];
            expect(component.urn).to.contain("expertconnect:dr:DisasterRecovery$expertconnect:data:Database::database");
            expect((component as any).aliases).to.deep.equal(["urn:pulumi:dr::expertconnect-infra::expertconnect:data:Database::database"]);
        });

        it("runs the services pilot light: no task, ceiling 1", () => {
            expect(scaling(run("standby"))).to.deep.equal({ "backend-scaling": [0, 1], "frontend-scaling": [0, 1] });
            expect(ofType(run("standby"), "aws:ecs/service:Service").map((s) => s.inputs.desiredCount)).to.deep.equal([0, 0]);
        });

        it("signals lag only while the source writes, and a stalled replica past the idle bound", () => {
            const [high, stalled] = ["expertconnect-db-replica-lag-high", "expertconnect-db-replica-stalled"]
                .map((n) => lagAlarms(run("standby")).find((a) => a.inputs.name === n)!);
            expect(high.inputs).to.include({ threshold: 60, treatMissingData: "notBreaching" });
            expect(high.inputs.metricQueries[0].expression).to.match(/^IF\(writes > \d+, lag, 0\)$/);
            expect(stalled.inputs).to.include({ metricName: "ReplicaLag", threshold: 360, treatMissingData: "breaching" });
        });

        it("tells Route 53 it does not serve (role probe 503), so users stay on prod", () => {
            expect(probe(run("standby"))).to.equal("503");
        });

    });

    describe("promote", () => {
        it("promotes the replica: no replicateSourceDb, same key, a final snapshot, the backups it had", () => {
            const i = db(run("promote"));
            expect(i.inputs).not.to.have.property("replicateSourceDb");
            expect(i.inputs.kmsKeyId).to.equal(db(run("standby")).inputs.kmsKeyId);
            expect(i.inputs).to.include({ skipFinalSnapshot: false, multiAz: false, deletionProtection: true, backupRetentionPeriod: 14 });
        });

        it("scales the services to prod's desired count at once", () => {
            expect(scaling(run("promote"))).to.deep.equal({ "backend-scaling": [2, 5], "frontend-scaling": [2, 5] });
        });

        it("drops the lag signals (there is no source any more)", () => {
            expect(lagAlarms(run("promote"))).to.deep.equal([]);
        });

        it("tells Route 53 it serves: the role probe answers 200", () => {
            expect(probe(run("promote"))).to.equal("200");
        });
    });

    describe("promoted", () => {
        it("adds Multi-AZ on the new primary, keeps backups and prod's master password", () => {
            const i = db(run("promoted"));
            expect(i.inputs).to.include({ backupRetentionPeriod: 14, multiAz: true, deletionProtection: true, applyImmediately: true });
            for (const field of ["manageMasterUserPassword", "password", "passwordWo"]) expect(i.inputs, field).not.to.have.property(field);
        });

        it("returns the services to prod's auto-scaling range, still serving", () => {
            expect(scaling(run("promoted"))).to.deep.equal({ "backend-scaling": [1, 5], "frontend-scaling": [1, 5] });
            expect(probe(run("promoted"))).to.equal("200");
        });
    });

    describe("failback", () => {
        it("fences dr: no task, role probe 503, the database closed to the services but kept as the primary", () => {
            const r = run("failback");
            expect(scaling(r)).to.deep.equal({ "backend-scaling": [0, 1], "frontend-scaling": [0, 1] });
            expect(probe(r)).to.equal("503");
            expect(ingressFromBackend(r, 5432)).to.deep.equal([]);
            expect(ingressFromBackend(r, 6379)).to.deep.equal([]);
            expect(db(r).inputs).not.to.have.property("replicateSourceDb");
            expect(db(r).protect).to.equal(true);
        });
    });

    describe("DNS", () => {
        it("dr owns the SECONDARY record and a certificate for the domain and dr's own name, the same in every phase", () => {
            const records = (r: Run) => ofType(r, "aws:route53/record:Record").filter((x) => x.urn.includes("FailoverDns"))
                .map((x) => JSON.stringify(x.inputs));
            const failover = named(run("standby"), "aws:route53/record:Record", "dns-failover");
            expect(failover.inputs.failoverRoutingPolicies).to.deep.equal([{ type: "SECONDARY" }]);
            for (const phase of PHASES) expect(records(run(phase)), phase).to.deep.equal(records(run("standby")));
            const cert = ofType(run("standby"), "aws:acm/certificate:Certificate")[0];
            expect(cert.inputs).to.deep.include({ domainName: "app.expertconnect.example", subjectAlternativeNames: ["dr.app.expertconnect.example"] });
        });

        it("prod owns the PRIMARY record, which also watches dr's role probe", () => {
            expect(named(prod, "aws:route53/record:Record", "dns-failover").inputs.failoverRoutingPolicies).to.deep.equal([{ type: "PRIMARY" }]);
            const inverted = ofType(prod, "aws:route53/healthCheck:HealthCheck").filter((h) => h.inputs.invertHealthcheck === true);
            expect(inverted.map((h) => h.inputs.fqdn)).to.deep.equal(["dr.app.expertconnect.example"]);
            expect(probe(prod)).to.equal("200");
        });
    });

    describe("prod fenced (expertconnect:dr.fenced)", () => {
        it("exits 0 with the fenced pack config, no violation (the pack reads the fence from drFenced: replication paused, no canary, tasks at zero need no path)", () => {
            expect(fenced.code, fenced.output).to.equal(0);
            expect(mandatory(fenced)).to.deep.equal([]);
            expect(fenced.violations.map((v) => v.policyName)).to.deep.equal([]);
        });

        it("runs no task and no migration, and tells Route 53 it does not serve", () => {
            expect(scaling(fenced)).to.deep.equal({ "backend-scaling": [0, 1], "frontend-scaling": [0, 1] });
            expect(ofType(fenced, "command:local:Command")).to.deep.equal([]);
            expect(probe(fenced)).to.equal("503");
        });

        it("closes PostgreSQL and Redis to the backend tasks (prod serving admits them)", () => {
            expect(ingressFromBackend(prod, 5432).map((i) => i.inputs.referencedSecurityGroupId)).to.include(backendSg(prod));
            expect(ingressFromBackend(fenced, 5432).map((i) => i.inputs.referencedSecurityGroupId)).to.not.include(backendSg(fenced));
            expect(ingressFromBackend(fenced, 6379)).to.deep.equal([]);
        });

        it("pauses static replication (the rule stays, disabled) and keeps every protected store", () => {
            const rule = (r: Run) => ofType(r, "aws:s3/bucketReplicationConfig:BucketReplicationConfig")[0].inputs.rules[0];
            expect(rule(prod).status).to.equal("Enabled");
            expect(rule(fenced).status).to.equal("Disabled");
            const protectedUrns = (r: Run) => r.resources.filter((x) => x.protect).map((x) => x.urn).sort();
            expect(protectedUrns(fenced)).to.deep.equal(protectedUrns(prod));
        });

        it("changes nothing else but what fencing needs (same resources, same alarms)", () => {
            const urns = (r: Run) => r.resources.map((x) => x.urn).filter((u) => u.startsWith("urn:pulumi:prod::")).sort();
            const removed = urns(prod).filter((u) => !urns(fenced).includes(u));
            // Only the backend's ingress rules to the data stores, the migration and the synthetic
            // check (a fenced region serves nobody to check) go; its artifacts bucket and key stay.
            expect(removed.every((u) => /securityGroupIngressRule|Migration|command:local|providers:command|SyntheticCheck\$aws:(cloudwatch|synthetics|s3\/bucketObjectv2)/.test(u)), removed.join("\n")).to.equal(true);
            expect(removed).to.have.length.greaterThan(0);
            const synthetic = (name: string) => name.endsWith("-synthetic-check-failed");
            expect(alarmNames(fenced).sort()).to.deep.equal(alarmNames(prod).filter((n) => !synthetic(n)).sort());
        });
    });

    describe("refused phases (the stack's own last outputs)", () => {
        it("promoted straight from the committed standby exits 2 naming expertconnect:dr.phase (promote skipped)", () => {
            expect(skipped.code).to.equal(2);
            expect(skipped.output).to.contain("expertconnect:dr.phase: got \"promoted\" after \"standby\"").and.contain("may not be skipped");
        });

        it("standby after promoted exits 2 naming expertconnect:dr.phase (going back)", () => {
            expect(backwards.code).to.equal(2);
            expect(backwards.output).to.contain("expertconnect:dr.phase: got \"standby\" after \"promoted\"").and.contain("do not go back");
        });
    });

    it("rejects an unknown phase before any resource, naming the key and the allowed values", () => {
        const bad = unknownPhase;
        expect(bad.code).to.equal(2);
        expect(bad.output).to.contain("expertconnect:dr.phase: got \"demoted\"").and.contain("\"standby\", \"promote\", \"promoted\", \"failback\"");
        expect(bad.resources).to.deep.equal([]);
    });
});
