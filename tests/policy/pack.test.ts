import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { expect } from "chai";

import { ENVIRONMENTS } from "../../policy/lib/config";
import { policies } from "../../policy/policies";
import { rdsBackupRetention } from "../../policy/rds/backupRetention";
import { analyzeResource, UNKNOWN } from "./support/harness";
import { regenerated } from "./support/docTable";

const repo = path.resolve(__dirname, "../..");
const AREAS = ["rds", "s3", "cloudtrail", "guardduty", "config", "kms", "ecs", "alb", "sg", "elasticache", "sns", "cloudwatch", "ecr", "iam", "ownership", "tags", "protection", "dr", "cost", "secrets", "waf", "vpc", "data", "network", "logging", "backup", "state", "synthetics", "paths", "lambda", "guide", "edge"];
/**
 * The policies issues 6 and 7 mark advisory; every other one is mandatory. The stacks' policy
 * config makes RDS.13 (rds-auto-minor-version-upgrade) and the parameter group's settings
 * (rds-parameter-group-settings) mandatory: a replica or the primary could drop them unseen, and
 * the guide's commands read pg_stat_statements and the slow-query log; and ECS.5
 * (ecs-read-only-root-filesystem), which every container of the stacks already meets.
 */
const ADVISORY = [
    "rds-log-exports", "rds-auto-minor-version-upgrade", "rds-parameter-group-settings",
    "kms-deletion-window", "ecs-read-only-root-filesystem", "tags-required", "cost-monthly-budget",
];

/** Every test file under tests/. */
function testFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e =>
        e.isDirectory() ? testFiles(path.join(dir, e.name)) : e.name.endsWith(".test.ts") ? [path.join(dir, e.name)] : []);
}

describe("the policy pack", () => {
    it("names every policy uniquely, in kebab-case, prefixed by its area", () => {
        const names = policies.map(p => p.name);
        expect(new Set(names).size).to.equal(names.length);
        for (const name of names) {
            expect(name).to.match(/^[a-z0-9]+(-[a-z0-9]+)+$/);
            expect(AREAS, name).to.include(name.split("-")[0]);
        }
    });

    it("is mandatory except for the policies the issue marks advisory", () => {
        const advisory = policies.filter(p => p.enforcementLevel === "advisory").map(p => p.name);
        expect(advisory.sort()).to.deep.equal([...ADVISORY].sort());
        expect(policies.every(p => p.enforcementLevel === "mandatory" || p.enforcementLevel === "advisory")).to.equal(true);
    });

    it("gives every policy a description, severity, remediation, guide section and (where one exists) its FSBP control", () => {
        for (const p of policies) {
            expect(p.description, p.name).to.match(/\.$/);
            expect(p.severity, p.name).to.equal(p.metadata.severity);
            expect(p.remediationSteps, p.name).to.equal(p.metadata.remediationSteps).and.not.be.empty;
            expect(p.metadata.guideSection, p.name).to.not.be.empty;
            if (p.metadata.fsbpControl) {
                expect(p.metadata.fsbpControl, p.name).to.match(/^[A-Za-z0-9]+\.\d+$/);
                expect(p.framework?.reference, p.name).to.equal(p.metadata.fsbpControl);
            } else {
                expect(p.framework, p.name).to.equal(undefined);
            }
        }
    });

    it("gives every config property a default, so a run without config is fully defined", () => {
        for (const p of policies) {
            for (const [key, schema] of Object.entries(p.configSchema?.properties ?? {})) {
                expect(typeof schema === "object" && schema.default !== undefined, `${p.name}.${key}`).to.equal(true);
            }
        }
    });

    it("has a test suite for every policy", () => {
        const suites = testFiles(path.join(repo, "tests")).map(f => fs.readFileSync(f, "utf8")).join("\n");
        for (const p of policies) {
            expect(suites, p.name).to.match(new RegExp(`describe\\("${p.name}( \\(advisory\\))?"`));
        }
    });
});

describe("resource policies during preview", () => {
    it("report an input that is still unknown as advisory 'can't run during preview', never as a block", async () => {
        const outcome = await analyzeResource(rdsBackupRetention, {
            type: "aws:rds/instance:Instance", name: "db", props: { identifier: "expertconnect-prod-db", backupRetentionPeriod: UNKNOWN },
        });
        expect(outcome.violations.map(v => [v.enforcementLevel, v.message])).to.deep.equal([[
            "advisory",
            "can't run policy 'rds-backup-retention' from policy pack 'expertconnect-guard@v1.0.0' during preview: string value at .backupRetentionPeriod can't be known during preview",
        ]]);
    });
});

describe("policy/config/<stack>.json", () => {
    for (const environment of ENVIRONMENTS) {
        const file = path.join(repo, "policy", "config", `${environment}.json`);
        it(`${environment}.json sets environment=${environment} on every environment-dependent policy`, () => {
            const config = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, Record<string, unknown>>;
            for (const p of policies.filter(q => q.environments)) {
                expect(config[p.name]?.environment, p.name).to.equal(environment);
            }
        });

        it(`${environment}.json names only existing policies and properties, with values their schema allows`, () => {
            const config = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, Record<string, unknown>>;
            for (const [name, properties] of Object.entries(config)) {
                const policy = policies.find(p => p.name === name);
                expect(policy, `unknown policy ${name}`).to.not.equal(undefined);
                for (const [key, value] of Object.entries(properties)) {
                    if (key === "enforcementLevel") {
                        expect(["advisory", "mandatory", "remediate", "disabled"]).to.include(value);
                        continue;
                    }
                    const schema = policy!.configSchema?.properties[key];
                    expect(schema, `${name}.${key} is not in the schema`).to.be.an("object");
                    if (typeof schema === "object" && schema.enum) {
                        expect(schema.enum, `${name}.${key}`).to.include(value);
                    }
                    if (typeof schema === "object" && typeof schema.type === "string") {
                        const type = Array.isArray(value) ? "array" : Number.isInteger(value) && schema.type === "integer" ? "integer" : typeof value;
                        expect(type, `${name}.${key}`).to.equal(schema.type);
                    }
                }
            }
        });
    }
});

describe("docs/policies.md", () => {
    it("has the tables generated from the policies' metadata and the type coverage (tests/policy/support/renderDocs.ts regenerates them)", () => {
        const doc = fs.readFileSync(path.join(repo, "docs", "policies.md"), "utf8");
        expect(doc).to.equal(regenerated(doc, policies));
    });
});

/** Starts policy/index.ts the way the CLI does (cwd policy/) and resolves the port it prints. */
function startPack(): Promise<{ child: ChildProcess; port: number }> {
    const child = spawn(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), "index.ts"], {
        cwd: path.join(repo, "policy"),
        stdio: ["ignore", "pipe", "pipe"],
    });
    return new Promise((resolve, reject) => {
        let stderr = "";
        child.stderr!.on("data", d => { stderr += d; });
        child.stdout!.once("data", d => resolve({ child, port: Number(String(d).trim()) }));
        child.once("exit", code => reject(new Error(`policy pack exited with ${code}: ${stderr}`)));
    });
}

describe("the served pack (policy/index.ts)", function () {
    this.timeout(60000);
    const policyDir = path.join(repo, "policy");
    const load = (m: string) => require(require.resolve(m, { paths: [path.dirname(require.resolve("@pulumi/policy/server", { paths: [policyDir] }))] }));
    let pack: { child: ChildProcess; port: number };
    let client: Record<string, (req: unknown, cb: (err: unknown, res: any) => void) => void>;
    let analyzer: any;
    const call = <T>(method: string, request: unknown) => new Promise<T>((resolve, reject) => client[method](request, (err, res) => (err ? reject(err) : resolve(res))));

    before(async () => {
        pack = await startPack();
        const grpc = load("@grpc/grpc-js");
        const services = load("@pulumi/pulumi/proto/analyzer_grpc_pb");
        analyzer = load("@pulumi/pulumi/proto/analyzer_pb");
        client = new services.AnalyzerClient(`127.0.0.1:${pack.port}`, grpc.credentials.createInsecure());
    });
    after(() => { pack?.child.kill(); });

    it("announces expertconnect-guard with every policy, its level and severity", async () => {
        const empty = load("google-protobuf/google/protobuf/empty_pb");
        const info = await call<any>("getAnalyzerInfo", new empty.Empty());
        expect(info.getName()).to.equal("expertconnect-guard");
        const served = info.getPoliciesList().map((p: any) => p.getName());
        expect(served).to.deep.equal(policies.map(p => p.name));
        const levels = info.getPoliciesList().map((p: any) => p.getEnforcementlevel());
        expect(levels).to.deep.equal(policies.map(p => analyzer.EnforcementLevel[String(p.enforcementLevel).toUpperCase()]));
    });

    it("blocks an unencrypted, public database with no config at all (fails closed)", async () => {
        const struct = load("google-protobuf/google/protobuf/struct_pb");
        const request = new analyzer.AnalyzeRequest();
        request.setType("aws:rds/instance:Instance");
        request.setName("db");
        request.setUrn("urn:pulumi:prod::expertconnect-infra::aws:rds/instance:Instance::db");
        request.setProperties(struct.Struct.fromJavaScript({ publiclyAccessible: true, storageEncrypted: false, backupRetentionPeriod: 1 }));
        request.setOptions(new analyzer.AnalyzerResourceOptions());
        const response = await call<any>("analyze", request);
        const mandatory = response.getDiagnosticsList()
            .filter((d: any) => d.getEnforcementlevel() === analyzer.EnforcementLevel.MANDATORY)
            .map((d: any) => d.getPolicyname());
        expect(mandatory).to.include.members([
            "rds-not-publicly-accessible", "rds-storage-encrypted", "rds-backup-retention", "rds-deletion-protection", "rds-multi-az", "protection-data-resources",
        ]);
    });
});
