/**
 * dr-prod-interface both ways: prod publishes every output dr reads (policy/lib/facts/prodOutputs.ts)
 * in the shape dr needs and naming what prod holds; dr reads them from prod's stack.
 */
import { drProdInterface } from "../../policy/dr/prodInterface";
import { named, stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";

const E1 = "us-east-1";
const W2 = "us-west-2";
const DB_ARN = `arn:aws:rds:${E1}:${ACCOUNT}:db:expertconnect-prod-db`;
const secret = (region: string, name: string) => `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${name}`;
const key = (region: string, id: string) => `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`;
const MASTER = "expertconnect/prod/database/master-69cf0a";
const JWT = "expertconnect/prod/jwt-signing-key-189879";
const KEY_ID = "1cd2001c-8305-4679-a382-559a5eab60cb";
const STATIC_KEY_ID = "f3ada024-bc47-4b7a-a4a1-b5bd5cc4811a";
const REPLICA_BUCKET = "expertconnect-prod-static-us-west-2";
const repoUrl = (region: string, name: string) => `${ACCOUNT}.dkr.ecr.${region}.amazonaws.com/${name}`;

/** What prod publishes, as index.ts exports it. */
const outputs = (): Record<string, unknown> => ({
    environment: "prod",
    databaseArn: DB_ARN,
    databaseStorageGb: { allocated: 50, maxAllocated: 500 },
    databaseEngine: { engine: "postgres", parameterGroupFamily: "postgres16", version: "16" },
    databaseMasterSecretReplicaArn: secret(W2, MASTER),
    databaseMasterSecretReplicaKmsKeyArn: key(W2, KEY_ID),
    staticReplicaBucketName: REPLICA_BUCKET,
    staticReplicaBucketArn: `arn:aws:s3:::${REPLICA_BUCKET}`,
    staticReplicaKmsKeyArn: key(W2, STATIC_KEY_ID),
    replicaRepositoryUrls: { "expertconnect-backend": repoUrl(W2, "expertconnect-backend") },
    appSecretReplicaArns: { "jwt-signing-key": secret(W2, JWT) },
    appSecretsReplicaKmsKeyArn: key(W2, KEY_ID),
});

const prod: StackResourceInput[] = [
    { type: "pulumi:providers:aws", name: "default_7_0_0", props: { region: E1 } },
    { type: "pulumi:pulumi:Stack", name: "expertconnect-infra-prod", props: outputs() },
    { type: "aws:rds/instance:Instance", name: "database", props: { arn: DB_ARN, identifier: "expertconnect-prod-db" } },
    { type: "aws:secretsmanager/secret:Secret", name: "database-master-secret", props: { arn: secret(E1, MASTER), replicas: [{ region: W2, kmsKeyId: key(W2, KEY_ID) }] } },
    { type: "aws:secretsmanager/secret:Secret", name: "jwt", props: { arn: secret(E1, JWT), replicas: [{ region: W2 }] } },
    { type: "aws:kms/key:Key", name: "replica-key", props: { arn: key(W2, KEY_ID), region: W2 } },
    { type: "aws:kms/key:Key", name: "static-replica-key", props: { arn: key(W2, STATIC_KEY_ID), region: W2 } },
    { type: "aws:s3/bucket:Bucket", name: "static-replica", props: { bucket: REPLICA_BUCKET, arn: `arn:aws:s3:::${REPLICA_BUCKET}`, region: W2 } },
    { type: "aws:ecr/repository:Repository", name: "backend-repo", props: { name: "expertconnect-backend" } },
];
const publish = (edit: (o: Record<string, unknown>) => void) => (s: StackResourceInput[]) => { edit(named(s, "expertconnect-infra-prod").props); };

describe("dr-prod-interface", () => {
    // In prod: what dr reads is published as dr needs it.
    stackTable(drProdInterface, prod, {
        config: { environment: "prod" },
        passes: {
            "an output still unknown during preview": { change: publish(o => { o.appSecretReplicaArns = UNKNOWN; }) },
            "storage without an autoscaling ceiling": { change: publish(o => { o.databaseStorageGb = { allocated: 50 }; }) },
        },
        violations: {
            "the stack does not say it is prod (dr refuses to follow it)": { change: publish(o => { o.environment = "production"; }), message: /output environment \("production"\) is not prod/ },
            "an output dr reads renamed": { change: publish(o => { o.staticReplicaBucket = o.staticReplicaBucketName; delete o.staticReplicaBucketName; }), message: /output staticReplicaBucketName is missing: dr reads it with requireOutput/ },
            "the secret replicas published as the us-east-1 primaries": {
                change: publish(o => { o.appSecretReplicaArns = { "jwt-signing-key": secret(E1, JWT) }; }), message: /appSecretReplicaArns .*jwt-signing-key: .* names a resource in us-east-1, not us-west-2/,
            },
            "the master secret's replica ARN with another suffix than the secret's": {
                change: publish(o => { o.databaseMasterSecretReplicaArn = secret(W2, "expertconnect/prod/database/master-000000"); }), message: /databaseMasterSecretReplicaArn .* names no secret replicated there the stack holds/,
            },
            "the image replicas published as us-east-1's registry": {
                change: publish(o => { o.replicaRepositoryUrls = { "expertconnect-backend": repoUrl(E1, "expertconnect-backend") }; }), message: /replicaRepositoryUrls .* is a registry in us-east-1, not us-west-2/,
            },
            "a replica repository the stack does not replicate": {
                change: publish(o => { o.replicaRepositoryUrls = { worker: repoUrl(W2, "expertconnect-worker") }; }), message: /replicaRepositoryUrls .* names no repository the stack holds/,
            },
            "no image replicas at all": { change: publish(o => { o.replicaRepositoryUrls = {}; }), message: /replicaRepositoryUrls .* is not a non-empty map/ },
            "the database published by identifier, not ARN": { change: publish(o => { o.databaseArn = "expertconnect-prod-db"; }), message: /databaseArn .* is not a database instance's ARN/ },
            "the database ARN of an instance the stack does not hold": {
                change: publish(o => { o.databaseArn = DB_ARN.replace("expertconnect-prod-db", "expertconnect-old-db"); }), message: /databaseArn .* names no database instance the stack holds/,
            },
            "the replica key published as the us-east-1 key": { change: publish(o => { o.databaseMasterSecretReplicaKmsKeyArn = key(E1, KEY_ID); }), message: /databaseMasterSecretReplicaKmsKeyArn .* names a resource in us-east-1/ },
            "the static replica named as a bucket in us-east-1": {
                change: s => { named(s, "static-replica").props.region = E1; }, message: /staticReplicaBucketName .* names no bucket in us-west-2 the stack holds/,
            },
            "the engine published without its parameter group family": { change: publish(o => { o.databaseEngine = { engine: "postgres", version: "16" }; }), message: /databaseEngine .* is not \{ engine, version, parameterGroupFamily \}/ },
            "storage whose ceiling is below what is allocated": { change: publish(o => { o.databaseStorageGb = { allocated: 500, maxAllocated: 50 }; }), message: /databaseStorageGb .* is not \{ allocated, maxAllocated \}/ },
        },
    });
});

const prodReference = (name = "organization/expertconnect-infra/prod", published = outputs()): StackResourceInput =>
    ({ type: "pulumi:pulumi:StackReference", name: "prod-stack", props: { name, outputs: published } });
const dr: StackResourceInput[] = [
    { type: "pulumi:providers:aws", name: "default_7_0_0", props: { region: W2 } },
    prodReference(),
    // The stack's own last deployment, which dr reads too: not prod's interface.
    { type: "pulumi:pulumi:StackReference", name: "last-deployment", props: { name: "organization/expertconnect-infra/dr", outputs: {} } },
];
const reference = (edit: (p: Record<string, unknown>) => void) => (s: StackResourceInput[]) => { edit(named(s, "prod-stack").props); };

describe("dr-prod-interface: dr reads what it needs from prod", () => {
    stackTable(drProdInterface, dr, {
        config: { environment: "dr" },
        stack: "dr",
        passes: {
            "prod's outputs not known yet": { change: reference(p => { p.outputs = UNKNOWN; }) },
            "prod named without the organization": { change: reference(p => { p.name = "expertconnect-infra/prod"; }) },
            "a game day's prod stack (game-prod, a prod deployment)": { change: reference(p => { p.name = "organization/expertconnect-infra/game-prod"; }) },
        },
        violations: {
            "the reference follows the staging stack": {
                change: reference(p => { p.name = "organization/expertconnect-infra/staging"; (p.outputs as Record<string, unknown>).environment = "staging"; }),
                message: /follows organization\/expertconnect-infra\/staging, whose environment output is "staging", not prod/,
            },
            "the reference follows a stack that does not say it is prod": {
                change: reference(p => { delete (p.outputs as Record<string, unknown>).environment; }), message: /whose environment output is undefined, not prod/,
            },
            "the reference follows another project's prod": { change: reference(p => { p.name = "organization/other-infra/prod"; }), message: /a stack of project other-infra, not expertconnect-infra/ },
            "prod's outputs lack the secret replicas": { change: reference(p => { delete (p.outputs as Record<string, unknown>).appSecretReplicaArns; }), message: /output appSecretReplicaArns is missing/ },
            "prod publishes its secrets in us-east-1": {
                change: reference(p => { (p.outputs as Record<string, unknown>).appSecretReplicaArns = { "jwt-signing-key": secret(E1, JWT) }; }), message: /names a resource in us-east-1, not us-west-2/,
            },
        },
    });
});
