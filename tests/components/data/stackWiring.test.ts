import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { DATA_HOLDERS, holdsData } from "../../../policy/lib/facts/dataHolders";
import { exportedResources, stackPreview } from "../../support/stackPreview";

/**
 * The whole program through the offline engine: the data stores, buckets and settings of each
 * stack are wired to the resources that stack really creates, exported for operators and the
 * dr stack, and no generated secret value is ever written out as a plain value.
 */
interface ExportedResource {
    urn: string;
    type: string;
    id?: string;
    inputs: Record<string, any>;
    outputs: Record<string, any>;
}

const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

function preview(stack: string): { resources: ExportedResource[]; raw: unknown } {
    const run = stackPreview(stack);
    expect(run.code, `${run.stdout}\n${run.stderr}`).to.equal(0);
    return { resources: exportedResources(run), raw: run.deployment };
}

const ofType = (resources: ExportedResource[], type: string) => resources.filter((r) => r.type === type);
const outputsOf = (resources: ExportedResource[]) => resources.find((r) => r.type === "pulumi:pulumi:Stack")!.outputs;
const named = (resources: ExportedResource[], name: string) => resources.find((r) => r.urn.endsWith(`::${name}`))!;

/** Values the export keeps as secrets (secret-signature objects), decoded. */
function secretValues(value: unknown): string[] {
    if (Array.isArray(value)) return value.flatMap(secretValues);
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (SECRET_SIGNATURE in obj) return typeof obj.plaintext === "string" ? [String(JSON.parse(obj.plaintext))] : [];
        return Object.values(obj).flatMap(secretValues);
    }
    return [];
}

/** JSON paths of plain (non-secret) strings containing any of `needles`. */
function plainOccurrences(value: unknown, needles: string[], at = "$"): string[] {
    if (typeof value === "string") return needles.some((n) => value.includes(n)) ? [at] : [];
    if (Array.isArray(value)) return value.flatMap((v, i) => plainOccurrences(v, needles, `${at}[${i}]`));
    if (value !== null && typeof value === "object") {
        if (SECRET_SIGNATURE in value) return [];
        return Object.entries(value).flatMap(([k, v]) => plainOccurrences(v, needles, `${at}.${k}`));
    }
    return [];
}

function containerSecrets(resources: ExportedResource[], service: string): Record<string, string> {
    const task = named(resources, `${service}-task`);
    const definitions = JSON.parse(task.inputs.containerDefinitions);
    const app = definitions.find((d: any) => d.name === service);
    expect(app.environment ?? [], `${service} plain environment`).to.satisfy((env: Array<{ name: string }>) =>
        env.every((e) => !/SECRET|PASSWORD|TOKEN|KEY/.test(e.name)));
    return Object.fromEntries(app.secrets.map((s: { name: string; valueFrom: string }) => [s.name, s.valueFrom]));
}

describe("data stores wired into the stacks (offline preview)", function () {
    this.timeout(300_000);

    describe("prod", () => {
        let resources: ExportedResource[];
        let raw: unknown;
        before(() => ({ resources, raw } = preview("prod")));

        it("exports the database, cache, buckets, keys and settings under their guide names", () => {
            const out = outputsOf(resources);
            const db = ofType(resources, "aws:rds/instance:Instance")[0];
            expect(out.databaseArn).to.equal(db.outputs.arn).and.to.match(/^arn:aws:rds:us-east-1:\d{12}:db:expertconnect-prod-db$/);
            expect(out.databaseInstanceIdentifier).to.equal("expertconnect-prod-db");
            const master = ofType(resources, "aws:secretsmanager/secret:Secret").find((s) => s.inputs.name === "expertconnect/prod/database/master")!;
            expect(out.databaseMasterSecretArn).to.equal(master.outputs.arn);
            expect(out.databaseMasterSecretReplicaArn).to.equal(master.outputs.arn.replace(":us-east-1:", ":us-west-2:"));
            expect(out.databaseMasterSecretReplicaKmsKeyArn).to.match(/^arn:aws:kms:us-west-2:\d{12}:key\//);
            expect(out.staticBucket).to.equal("expertconnect-prod-static");
            expect(out.backupBucket).to.equal("expertconnect-backup");
            expect(out.settingsPath).to.equal("/expertconnect/prod");
            expect(Object.keys(out.appSecretArns).sort()).to.deep.equal(["django-secret-key", "jwt-signing-key", "video-provider-api-key"]);
            for (const key of ["databaseKmsKeyArn", "cacheKmsKeyArn", "staticKmsKeyArn", "backupKmsKeyArn", "appSecretsKmsKeyArn"]) {
                expect(out[key], key).to.match(/^arn:aws:kms:us-east-1:\d{12}:key\//);
            }
        });

        it("admits only the backend tasks' security group to PostgreSQL and Redis, and the rotation and maintenance functions to PostgreSQL", () => {
            const backendSg = outputsOf(resources).backendSecurityGroupId;
            const rotationSg = ofType(resources, "aws:serverlessrepository/cloudFormationStack:CloudFormationStack")[0].inputs.parameters.vpcSecurityGroupIds;
            const tasksSg = ofType(resources, "aws:lambda/function:Function")[0].inputs.vpcConfig.securityGroupIds[0];
            const rules = ofType(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
                .filter((r) => [5432, 6379].includes(r.inputs.fromPort));
            expect(rules.map((r) => [r.inputs.fromPort, r.inputs.referencedSecurityGroupId]).sort())
                .to.deep.equal([[5432, backendSg], [5432, rotationSg], [5432, tasksSg], [6379, backendSg]].sort());
            const { databaseSecurityGroupId: dbSg, cacheSecurityGroupId: cacheSg } = outputsOf(resources);
            expect(rules.map((r) => r.inputs.securityGroupId).sort()).to.deep.equal([dbSg, dbSg, dbSg, cacheSg].sort());
        });

        it("places the database and cache in the isolated subnets, the rotation function in the private ones", () => {
            const isolated = outputsOf(resources).isolatedSubnetIds;
            const rotation = ofType(resources, "aws:serverlessrepository/cloudFormationStack:CloudFormationStack")[0];
            expect(rotation.inputs.parameters.vpcSubnetIds).to.equal(outputsOf(resources).privateSubnetIds.join(","));
            expect(ofType(resources, "aws:rds/subnetGroup:SubnetGroup")[0].inputs.subnetIds).to.deep.equal(isolated);
            expect(ofType(resources, "aws:elasticache/subnetGroup:SubnetGroup")[0].inputs.subnetIds).to.deep.equal(isolated);
        });

        it("hands the backend its settings and secrets by ARN, the frontend only flags", () => {
            const out = outputsOf(resources);
            const backend = containerSecrets(resources, "backend");
            expect(backend.DJANGO_SECRET_KEY).to.equal(out.appSecretArns["django-secret-key"]);
            expect(backend.JWT_SIGNING_KEY).to.equal(out.appSecretArns["jwt-signing-key"]);
            expect(backend.VIDEO_PROVIDER_API_KEY).to.equal(out.appSecretArns["video-provider-api-key"]);
            expect(backend).to.not.have.property("DATABASE_PASSWORD");
            expect(backend.DATABASE_USER).to.match(/^arn:aws:ssm:us-east-1:\d{12}:parameter\/expertconnect\/prod\/database\/user$/);
            expect(backend.REDIS_AUTH_TOKEN).to.equal(out.cacheAuthSecretArn);
            expect(backend.DATABASE_HOST).to.match(/^arn:aws:ssm:us-east-1:\d{12}:parameter\/expertconnect\/prod\/database\/host$/);
            expect(Object.keys(containerSecrets(resources, "frontend")).every((n) => n.startsWith("FEATURE_"))).to.equal(true);
        });

        it("replicates the application secrets into the recovery region and exports the replicas for dr", () => {
            const out = outputsOf(resources);
            const replicaKey = out.appSecretsReplicaKmsKeyArn;
            expect(replicaKey).to.match(/^arn:aws:kms:us-west-2:/);
            const appSecrets = ofType(resources, "aws:secretsmanager/secret:Secret").filter((s) => Object.values(out.appSecretArns).includes(s.outputs.arn));
            expect(appSecrets).to.have.length(3);
            for (const s of appSecrets) expect(s.inputs.replicas, s.inputs.name).to.deep.equal([{ region: "us-west-2", kmsKeyId: replicaKey }]);
            for (const [id, arn] of Object.entries(out.appSecretArns as Record<string, string>)) {
                expect(out.appSecretReplicaArns[id], id).to.equal(arn.replace(":us-east-1:", ":us-west-2:"));
            }
        });

        it("pins the count of data-layer resources per type, so an accidental removal shows", () => {
            const ours = resources.filter((r) => /::expertconnect:(data|app):/.test(r.urn) && r.type.startsWith("aws:"));
            const actual: Record<string, number> = {};
            for (const r of ours) actual[r.type] = (actual[r.type] ?? 0) + 1;
            expect(actual).to.deep.equal({
                "aws:rds/instance:Instance": 1, "aws:rds/parameterGroup:ParameterGroup": 1, "aws:rds/subnetGroup:SubnetGroup": 1,
                // Enhanced Monitoring's role; the maintenance function's role, policy and VPC access
                "aws:iam/role:Role": 2, "aws:iam/rolePolicy:RolePolicy": 1, "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 2,
                "aws:lambda/function:Function": 1, "aws:lambda/invocation:Invocation": 1,
                "aws:elasticache/replicationGroup:ReplicationGroup": 1, "aws:elasticache/parameterGroup:ParameterGroup": 1,
                "aws:elasticache/subnetGroup:SubnetGroup": 1,
                // database, cache, and the database's rotation and maintenance functions
                "aws:ec2/securityGroup:SecurityGroup": 4, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 4,
                "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 8,
                "aws:serverlessrepository/cloudFormationStack:CloudFormationStack": 1, "aws:secretsmanager/secretRotation:SecretRotation": 1,
                "aws:cloudwatch/logGroup:LogGroup": 5,
                // database, cache, static, backup, app secrets and their us-west-2 replicas, the master secret's us-west-2 replica
                "aws:kms/key:Key": 7, "aws:kms/alias:Alias": 7,
                // app secrets, cache token, database master
                "aws:secretsmanager/secret:Secret": 5, "aws:secretsmanager/secretVersion:SecretVersion": 5,
                "aws:ssm/parameter:Parameter": 9,
                "aws:s3/bucket:Bucket": 2, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": 2,
                "aws:s3/bucketOwnershipControls:BucketOwnershipControls": 2, "aws:s3/bucketPolicy:BucketPolicy": 2,
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 2,
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": 2,
                "aws:s3/bucketVersioning:BucketVersioning": 2,
            });
        });

        it("writes no generated secret value out as a plain value anywhere in the deployment", () => {
            // The generated values: the cache token, the application keys and the database master
            // secret (its JSON holds the password the instance got write-only), sent write-only.
            const versions = ofType(resources, "aws:secretsmanager/secretVersion:SecretVersion");
            const generated = [...new Set(secretValues(versions.map((v) => v.inputs)))].filter((v) => v.length >= 32);
            expect(generated, "generated secret values").to.not.be.empty;
            expect(plainOccurrences(raw, generated)).to.deep.equal([]);
        });
    });

    describe("dr", () => {
        let resources: ExportedResource[];
        before(() => ({ resources } = preview("dr")));

        it("keeps its own settings path, serves prod's static replica and creates no static or backup bucket (prod owns them)", () => {
            const out = outputsOf(resources);
            expect(out.settingsPath).to.equal("/expertconnect/dr");
            // Its own: the load balancer's access logs and the synthetic check's run artifacts.
            expect(ofType(resources, "aws:s3/bucket:Bucket").map((b) => b.inputs.bucket)).to.deep.equal([
                "expertconnect-dr-alb-logs", "expertconnect-dr-canary-artifacts-123456789012",
            ]);
            expect(out.staticBucket).to.equal("expertconnect-prod-static-us-west-2");
            expect(out.runbook.names.buckets).to.deep.equal({ static: "expertconnect-prod-static-us-west-2" });
            expect(out).to.not.have.property("backupBucket");
            expect(ofType(resources, "aws:secretsmanager/secret:Secret").map((s) => s.inputs.name).filter((n) => n.startsWith("expertconnect/")))
                .to.deep.equal(["expertconnect/dr/cache-auth-token"]);
        });

        it("runs the backend on prod's application secrets replicated into us-west-2", () => {
            const backend = containerSecrets(resources, "backend");
            for (const [env, id] of [["DJANGO_SECRET_KEY", "django-secret-key"], ["JWT_SIGNING_KEY", "jwt-signing-key"], ["VIDEO_PROVIDER_API_KEY", "video-provider-api-key"]]) {
                expect(backend[env], env).to.match(new RegExp(`^arn:aws:secretsmanager:us-west-2:\\d{12}:secret:expertconnect/prod/${id}`));
            }
        });

        it("runs the backend as the IAM-authenticated application user of its own database, with no master credentials", () => {
            const backend = containerSecrets(resources, "backend");
            expect(backend).to.not.have.property("DATABASE_PASSWORD");
            expect(Object.values(backend).join(" ")).to.not.include("database/master");
            const taskPolicies = ofType(resources, "aws:iam/rolePolicy:RolePolicy").map((p) => JSON.parse(p.inputs.policy).Statement).flat()
                .filter((st: { Sid?: string }) => st.Sid === "DatabaseIamLogin");
            expect(taskPolicies).to.have.length(1);
            expect(taskPolicies[0].Resource).to.match(/^arn:aws:rds-db:us-west-2:\d{12}:dbuser:db-\w+\/expertconnect_app$/);
        });

        it("runs the database as prod's replica, encrypted in us-west-2", () => {
            const db = ofType(resources, "aws:rds/instance:Instance")[0].inputs;
            expect(db.identifier).to.equal("expertconnect-dr-db");
            expect(db.replicateSourceDb).to.match(/^arn:aws:rds:us-east-1:\d{12}:db:expertconnect-prod-db$/);
            expect(db.kmsKeyId).to.match(/^arn:aws:kms:us-west-2:/);
        });
    });
});

describe("every data holder of the stacks is kept (policy/lib/facts/dataHolders.ts)", function () {
    this.timeout(600_000);
    for (const stack of ["prod", "dr"]) {
        it(`${stack}: protect and retainOnDelete on each, retainOnDelete on the policy config's deliberate exceptions`, () => {
            const { resources } = preview(stack);
            const config = JSON.parse(fs.readFileSync(path.resolve(__dirname, `../../../policy/config/${stack}.json`), "utf8"));
            const exempt: string[] = config["protection-data-resources"]?.exemptResources ?? [];
            const holders = resources.filter((r) => r.type in DATA_HOLDERS && (!DATA_HOLDERS[r.type].mayHoldNothing || holdsData(r.inputs.tags)));
            expect(holders.length).to.be.greaterThan(15);
            // retainOnDelete does not reach the policy pack (the analyzer protocol has no field for it): this is its check.
            const unkept = holders.filter((r) => {
                const name = r.urn.split("::").pop()!;
                return !(r as { retainOnDelete?: boolean }).retainOnDelete || (!exempt.includes(name) && !(r as { protect?: boolean }).protect);
            }).map((r) => r.urn.split("::").pop());
            expect(unkept).to.deep.equal([]);
        });
    }
});

