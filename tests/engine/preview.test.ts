import { expect } from "chai";
import { everyStackPreview, sharedAnalyze } from "../support/stackPreview";
import { engineInProcess, FIXTURE_PACK, FIXTURE_PROGRAM, sharedFixturePreview, violationKeys } from "./engine";

const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

describe("engine: preview of the fixture program", () => {
    describe("with advisory violations only", () => {
        let run: ReturnType<typeof sharedFixturePreview>;
        let report: any;
        let exported: any;
        before(() => {
            run = sharedFixturePreview("test", { flags: ["--by-type"] });
            report = run.report;
            exported = run.deployment;
        });

        it("exits 0", () => {
            expect(run.code, run.stderr).to.equal(0);
        });

        it("prints the resource tree nested by parent and counts per type", () => {
            expect(run.stdout).to.match(/\+ {3}pulumi:pulumi:Stack +fixture-test +create\n/);
            expect(run.stdout).to.match(/\+ {3}├─ fixture:storage:Store +store +create\n/);
            expect(run.stdout).to.match(/\+ {3}│ {2}├─ aws:s3:Bucket +store-bucket +create\n/);
            expect(run.stdout).to.match(/aws:sns\/topic:Topic +1\n/);
            expect(run.stdout).to.contain("+ 8 to create");
        });

        it("prints the CLI's sections in the CLI's order: tree, Policies, Diagnostics, Outputs, Resources", () => {
            const at = (heading: string) => run.stdout.search(new RegExp(`^${heading}$`, "m"));
            const order = ["     Type +Name +Plan", "Policies:", "Outputs:", "Resources:", "By type:"].map(at);
            expect(order.every((i) => i >= 0), order.join(",")).to.equal(true);
            expect([...order].sort((a, b) => a - b)).to.deep.equal(order);
            expect(run.stdout).to.match(/^Previewing update \(test\)$/m);
            expect(run.stdout).to.match(/^ {4}⚠️ engine-fixture@v0\.1\.0 \(local: .*pack\)$/m);
        });

        it("reports advisory violations with stack, pack and resource count", () => {
            expect(report.stack).to.equal("test");
            expect(report.policyPack).to.equal("engine-fixture@v0.1.0");
            expect(report.resourceCount).to.equal(exported.deployment.resources.length);
            expect(report.violations.map((v: any) => v.enforcementLevel)).to.include("advisory").and.not.include("mandatory");
        });

        it("never runs a disabled policy", () => {
            expect(report.violations.map((v: any) => v.policyName)).not.to.include("disabled-policy");
            expect(run.stdout).not.to.contain("disabled-policy");
        });

        it("applies config schema defaults when no config file is given", () => {
            const echo = report.violations.find((v: any) => v.policyName === "echo-config");
            expect(echo.message).to.contain("threshold=3 label=unset project=fixture");
            expect(report.violations.map((v: any) => v.policyName)).not.to.include("bucket-prefix");
        });

        it("gives stack policies parents and dependencies", () => {
            const messages = report.violations.filter((v: any) => v.policyName === "echo-graph").map((v: any) => v.message).join("\n");
            expect(messages).to.contain("store-bucket: parent=fixture:storage:Store deps=none arn=arn:aws:s3:::fixture-data");
            expect(messages).to.match(/alerts: parent=pulumi:pulumi:Stack deps=.*aws:s3\/bucket:Bucket.*aws:kms\/key:Key arn=arn:aws:sns:eu-west-1:123456789012:alerts-/);
        });

        it("exports every resource in deployment v3 format, root stack and default provider included", () => {
            expect(exported.version).to.equal(3);
            expect(exported.deployment.manifest).to.have.keys("time", "magic", "version");
            const types = exported.deployment.resources.map((r: any) => r.type);
            expect(types[0]).to.equal("pulumi:pulumi:Stack");
            expect(types).to.include("pulumi:providers:aws");
            const bucket = exported.deployment.resources.find((r: any) => r.type === "aws:s3/bucket:Bucket");
            expect(bucket).to.include({ custom: true, id: "fixture-data", protect: true, retainOnDelete: true });
            expect(bucket.parent).to.match(/fixture:storage:Store::store$/);
            expect(bucket.provider).to.match(/^urn:pulumi:test::fixture::pulumi:providers:aws::default_7_\d+_\d+::[0-9a-f-]{36}$/);
            const versioning = exported.deployment.resources.find((r: any) => r.type === "aws:s3/bucketVersioning:BucketVersioning");
            expect(versioning.ignoreChanges).to.deep.equal(["tags"]);
            expect(versioning.customTimeouts).to.deep.equal({ create: 300 });
            expect(versioning.propertyDependencies.bucket).to.deep.equal([bucket.urn]);
            const topic = exported.deployment.resources.find((r: any) => r.type === "aws:sns/topic:Topic");
            expect(topic.deleteBeforeReplace).to.equal(true);
        });

        it("encodes secrets with the secret signature, never as bare values", () => {
            const param = exported.deployment.resources.find((r: any) => r.type === "aws:ssm/parameter:Parameter");
            expect(param.inputs.value).to.deep.equal({ ...SECRET_SIG, plaintext: JSON.stringify("offline-secret-for-fixture:apiKey") });
            const stack = exported.deployment.resources[0];
            expect(stack.outputs.apiKey).to.include(SECRET_SIG);
            expect(JSON.stringify(exported)).not.to.match(/"value":"offline-secret/);
        });

        it("round-trips through analyze --file with identical violations", () => {
            const again = sharedAnalyze({ files: [exported], policyPack: FIXTURE_PACK });
            expect(again.code, again.stderr).to.equal(0);
            const replay: any = again.report;
            expect(violationKeys(replay)).to.deep.equal(violationKeys(report));
            expect(replay.resourceCount).to.equal(report.resourceCount);
        });
    });

    it("exits 1 on a mandatory violation and names policy, level and URN", () => {
        const run = sharedFixturePreview("test", { config: ["fixture:encryptTopic=false"] });
        expect(run.code, run.stderr).to.equal(1);
        expect(run.stdout).to.contain("- [mandatory]  [severity: high]  topic-encrypted  (aws:sns/topic:Topic: alerts)");
        expect(run.stdout).to.contain("❌ engine-fixture@");
        const v: any = run.report!.violations.find((x: any) => x.policyName === "topic-encrypted");
        expect(v).to.include({ enforcementLevel: "mandatory", severity: "high", urn: "urn:pulumi:test::fixture::aws:sns/topic:Topic::alerts" });
        expect(v.message).to.contain("topic has no kmsMasterKeyId");
    });

    it("passes --policy-pack-config values to getConfig() and enforcement levels to the pack", () => {
        const run = sharedFixturePreview("test", { config: ["fixture:rotateKeys=false"], packConfig: {
            "echo-config": { label: "from-file", threshold: 5 },
            "bucket-prefix": { prefix: "other-" },
            "key-rotation": "mandatory",
        } });
        expect(run.code, run.stderr).to.equal(1);
        const report: any = run.report;
        const byPolicy = (name: string) => report.violations.filter((v: any) => v.policyName === name);
        expect(byPolicy("echo-config")[0].message).to.contain("threshold=5 label=from-file");
        // The schema default for minLength still applies next to the configured prefix.
        expect(byPolicy("bucket-prefix")[0].message).to.contain("does not start with other- (minLength 3)");
        expect(byPolicy("key-rotation")[0].enforcementLevel).to.equal("mandatory");
    });

    it("uses <pack>/config/<stack>.json when no --policy-pack-config is given", () => {
        const run = sharedFixturePreview("downstream");
        expect(run.code, run.stderr).to.equal(0);
        const echo: any = run.report!.violations.find((v: any) => v.policyName === "echo-config");
        expect(echo.message).to.contain("label=downstream-file");
    });

    it("remediates with a remediate policy and analyzes the remediated inputs", () => {
        const run = sharedFixturePreview("test", { packConfig: { "topic-display-name": "remediate" } });
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stdout).to.contain("- [remediate]  topic-display-name  (aws:sns/topic:Topic: alerts)");
        expect(run.report!.violations.map((v: any) => v.policyName)).not.to.include("topic-display-name");
        const topic: any = run.deployment!.deployment.resources.find((r: any) => r.type === "aws:sns/topic:Topic");
        expect(topic.inputs.displayName).to.equal("remediated");
    });

    it("rejects a config file naming a policy the pack does not have (exit 2)", () => {
        const run = sharedFixturePreview("test", { packConfig: { "topic-encripted": "mandatory" } });
        expect(run.code).to.equal(2);
        expect(run.stderr).to.contain(`"topic-encripted" is not a policy of this pack`);
    });

    it("fails (exit 2) when a policy throws, with the pack's message", () => {
        const run = sharedFixturePreview("test", { packConfig: { "echo-config": { label: "crash" } } });
        expect(run.code).to.equal(2);
        expect(run.stderr).to.contain("AnalyzeStack: ").and.contain("echo-config was told to crash");
    });

    it("applies --config path overrides to one field of a structured value", () => {
        const run = sharedFixturePreview("test", { config: ["fixture:settings.retentionDays=3"] });
        expect(run.code, run.stderr).to.equal(0);
        const stack = run.deployment!.deployment.resources[0];
        expect(stack.outputs.retentionDays).to.equal(3);
    });

    it("resolves a StackReference with the outputs of an offline run of the referenced stack", () => {
        const run = sharedFixturePreview("downstream");
        expect(run.code, run.stderr).to.equal(0);
        const resources: any[] = run.deployment!.deployment.resources;
        expect(resources[0].outputs.upstreamBucket).to.equal("fixture-data");
        const ref = resources.find((r: any) => r.type === "pulumi:pulumi:StackReference");
        expect(ref).to.include({ external: true, id: "organization/fixture/test" });
    });

    it("previews every stack, a referenced stack before the stacks that reference it", () => {
        const run = everyStackPreview({ cwd: FIXTURE_PROGRAM, policyPack: FIXTURE_PACK });
        expect(run.code, run.stderr).to.equal(0);
        const order = [...run.stdout.matchAll(/Previewing update \((\w+)\)/g)].map((m) => m[1]);
        expect(order).to.deep.equal(["test", "downstream"]);
    });
});

describe("engine: errors (exit 2, no policy run)", () => {
    it("fails on a duplicate URN", () => {
        const run = sharedFixturePreview("test", { config: ["fixture:mode=duplicate"] });
        expect(run.code).to.equal(2);
        expect(run.stderr).to.contain("duplicate URN urn:pulumi:test::fixture::aws:sns/topic:Topic::alerts");
        expect(run.stdout).not.to.contain("Policies:");
    });

    it("fails on an invoke it does not know, naming the token", () => {
        const run = sharedFixturePreview("test", { config: ["fixture:mode=unknownInvoke"] });
        expect(run.code).to.equal(2);
        expect(run.stderr).to.contain(`unknown invoke "aws:ec2/getAmi:getAmi"`);
        expect(run.stdout).not.to.contain("Policies:");
    });

    it("prints a program error as written, one problem per line", () => {
        const run = sharedFixturePreview("test", { config: ["fixture:mode=throw"] });
        expect(run.code).to.equal(2);
        expect(run.stderr).to.contain("error: fixture:settings.retentionDays is wrong\nerror: fixture:bucketName is wrong\n");
        expect(run.stdout).not.to.contain("Policies:");
    });

    it("shows where a JavaScript mistake in the program happened", () => {
        // Programs run without stack frames (the SDK captures one per promise); the engine runs a
        // failed program again with them, so the report still points into the program.
        const run = sharedFixturePreview("test", { config: ["fixture:mode=typeError"] });
        expect(run.code).to.equal(2);
        expect(run.stderr).to.match(/TypeError: Cannot read properties of undefined \(reading 'depth'\)\n\s+at .*index\.ts:\d+/);
    });

    // Refused or answered before any process starts: the engine's main, in this process.
    const fixture = ["preview", "--cwd", FIXTURE_PROGRAM, "--policy-pack", FIXTURE_PACK];

    it("rejects unknown options, stacks and missing --file", async () => {
        expect((await engineInProcess([...fixture, "--stak", "test"])).code).to.equal(2);
        const missing = await engineInProcess([...fixture, "--stack", "nope"]);
        expect(missing.code).to.equal(2);
        expect(missing.stderr).to.contain(`unknown stack "nope"; stacks of this project: downstream, test`);
        expect((await engineInProcess(["analyze"])).stderr).to.contain("analyze needs --file");
    });

    it("documents the default policy config file in --help", async () => {
        const run = await engineInProcess(["preview", "--help"]);
        expect(run.code).to.equal(0);
        expect(run.stdout).to.contain("--policy-pack-config policy/config/<stack>.json");
    });
});
