/**
 * kms-key-in-data-region, key separation by purpose (policy/kms/dataKeys.ts): each data store is
 * encrypted with the key its owner made for its data (`dataKeyName`, policy/lib/facts/dataKeys.ts),
 * judged by the key its input resolves to (ARN, key id, alias name or alias ARN), or in preview by
 * the key the input depends on. kms-keys-held (policy/kms/keysHeld.ts): every key a resource names,
 * by value, is one the stack holds or a stack it references gives it.
 */
import { expect } from "chai";

import { dataKeyName } from "../../policy/lib/facts/dataKeys";
import { valuesAt } from "../../policy/kms/dataKeys";
import { kmsKeyInDataRegion } from "../../policy/kms/keyRegion";
import { kmsKeysHeld } from "../../policy/kms/keysHeld";
import { keyMentions } from "../../policy/lib/kms";
import { named, stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { StackResourceInput, UNKNOWN } from "./support/harness";

const keyArn = (id: string) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`;

/** A key as EncryptionKey makes it: the key and its alias under an EncryptionKey component, itself under the owner. */
function key(owner: string, id: string, alias: string, parent?: string): StackResourceInput[] {
    const name = dataKeyName(owner);
    return [
        { type: "expertconnect:security:EncryptionKey", name: `${name}-component`, props: {}, ...(parent ? { parent } : {}) },
        { type: "aws:kms/key:Key", name, parent: `${name}-component`, props: { arn: keyArn(id), keyId: id, enableKeyRotation: true } },
        { type: "aws:kms/alias:Alias", name: `${name}-alias`, parent: `${name}-component`, props: { name: `alias/${alias}`, arn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/${alias}`, targetKeyId: id } },
    ];
}

const stack: StackResourceInput[] = [
    ...key("logs", "logs-id", "expertconnect-prod-logs"),
    { type: "expertconnect:data:Database", name: "database", props: {} },
    ...key("database", "db-id", "expertconnect-prod-db", "database"),
    { type: "aws:rds/instance:Instance", name: "database-instance", parent: "database", props: { kmsKeyId: keyArn("db-id"), performanceInsightsKmsKeyId: keyArn("db-id"), storageEncrypted: true } },
    { type: "aws:secretsmanager/secret:Secret", name: "database-master-secret", parent: "database", props: { kmsKeyId: keyArn("db-id") } },
    { type: "expertconnect:dr:BackupPlan", name: "dr-backup", props: {} },
    ...key("dr-backup-vault", "vault-id", "expertconnect-prod-backups", "dr-backup"),
    { type: "aws:backup/vault:Vault", name: "dr-backup-vault", parent: "dr-backup", props: { kmsKeyArn: keyArn("vault-id") } },
    { type: "expertconnect:data:Buckets", name: "data", props: {} },
    ...key("data-static", "static-id", "expertconnect-prod-static", "data"),
    ...key("data-backup", "backup-id", "expertconnect-backup", "data"),
    { type: "expertconnect:storage:SecureBucket", name: "data-backup", parent: "data", props: {} },
    { type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name: "data-backup-encryption", parent: "data-backup",
        props: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn("backup-id") } }] } },
    { type: "expertconnect:data:Cache", name: "cache", props: {} },
    ...key("cache", "cache-id", "expertconnect-prod-cache", "cache"),
    { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "cache-group", parent: "cache", props: { kmsKeyId: keyArn("cache-id"), atRestEncryptionEnabled: true } },
    // The instance and the group are named apart from their components: their key is found through the parent.
    // A bucket outside any keyed component: no key was made for it, it is not judged.
    { type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name: "alb-access-logs-encryption",
        props: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn("logs-id") } }] } },
];

const set = (name: string, fn: (p: Record<string, any>) => void) => (s: StackResourceInput[]) => { fn(named(s, name).props as Record<string, any>); };

describe("kms-key-in-data-region: each data store under the key made for its data", () => {
    stackTable(kmsKeyInDataRegion, stack, {
        passes: {
            "the master secret names its key by alias name": { change: set("database-master-secret", p => { p.kmsKeyId = "alias/expertconnect-prod-db"; }) },
            "the cache names its key by alias ARN": { change: set("cache-group", p => { p.kmsKeyId = `arn:aws:kms:us-east-1:${ACCOUNT}:alias/expertconnect-prod-cache`; }) },
            "the instance names its key by key id": { change: set("database-instance", p => { p.kmsKeyId = "db-id"; }) },
            "an unencrypted-by-KMS bucket (AES256)": { change: set("data-backup-encryption", p => { p.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]; }) },
            "a key not known yet, made from the right key (preview)": {
                change: s => { named(s, "dr-backup-vault").props.kmsKeyArn = UNKNOWN; named(s, "dr-backup-vault").propertyDependencies = { kmsKeyArn: [dataKeyName("dr-backup-vault")] }; },
            },
        },
        violations: {
            "the vault's key swapped for the logs key": { change: set("dr-backup-vault", p => { p.kmsKeyArn = keyArn("logs-id"); }), message: /dr-backup-vault's kmsKeyArn names .*logs-id, the key logs-key .*dr-backup-vault-key/ },
            "the database's kmsKeyId changed to the logs key": { change: set("database-instance", p => { p.kmsKeyId = keyArn("logs-id"); }), message: /database-instance's kmsKeyId names .*the key logs-key/ },
            "Performance Insights under the cache key": { change: set("database-instance", p => { p.performanceInsightsKmsKeyId = keyArn("cache-id"); }), message: /performanceInsightsKmsKeyId names .*the key cache-key/ },
            "the master secret under the logs key's alias": { change: set("database-master-secret", p => { p.kmsKeyId = "alias/expertconnect-prod-logs"; }), message: /database-master-secret's kmsKeyId names alias\/expertconnect-prod-logs, the key logs-key/ },
            "the backup bucket under its sibling's key (same component)": {
                change: set("data-backup-encryption", p => { p.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId = keyArn("static-id"); }),
                message: /rules\[0\]\.applyServerSideEncryptionByDefault\.kmsMasterKeyId names .*the key data-static-key .*data-backup-key/,
            },
            "the cache under an AWS managed key": { change: set("cache-group", p => { p.kmsKeyId = "alias/aws/elasticache"; }), message: /names alias\/aws\/elasticache, which is not a key of this stack/ },
            "the vault under another account's key": { change: set("dr-backup-vault", p => { p.kmsKeyArn = "arn:aws:kms:us-east-1:444455556666:key/x"; }), message: /not a key of this stack/ },
            "a key not known yet, made from the logs key (preview)": {
                change: s => { named(s, "database-instance").props.kmsKeyId = UNKNOWN; named(s, "database-instance").propertyDependencies = { kmsKeyId: ["logs-key"] }; },
                message: /database-instance's kmsKeyId names the key logs-key/,
            },
        },
    });

    it("reads every item of a list input", () => {
        expect(valuesAt({ rules: [{ a: { k: "x" } }, { a: {} }] }, "rules[].a.k")).to.deep.equal([{ field: "rules[0].a.k", value: "x" }, { field: "rules[1].a.k", value: undefined }]);
    });
});

describe("kms-keys-held", () => {
    const DB_KEY = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";
    const LOGS_KEY = "6fa459ea-ee8a-3ca4-894e-db77e160355e";
    const PROD_REPLICA_KEY = "16fd2706-8baf-433b-82eb-8c7fada847da";
    const arnOf = (id: string, region = "us-west-2") => `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`;
    const aliasArn = (name: string, region = "us-west-2") => `arn:aws:kms:${region}:${ACCOUNT}:alias/${name}`;
    const region = { region: "us-west-2" };
    /** dr: its own keys (database, logs) with aliases, what they encrypt, a role naming them, and prod's reference giving the secret replicas' key. */
    const held: StackResourceInput[] = [
        { type: "aws:kms/key:Key", name: "database-key", props: { arn: arnOf(DB_KEY), keyId: DB_KEY, ...region } },
        { type: "aws:kms/alias:Alias", name: "database-key-alias", props: { name: "alias/expertconnect-dr-db", arn: aliasArn("expertconnect-dr-db"), targetKeyId: DB_KEY, ...region } },
        { type: "aws:kms/key:Key", name: "logs-key", props: { arn: arnOf(LOGS_KEY), keyId: LOGS_KEY, ...region } },
        { type: "aws:kms/alias:Alias", name: "logs-key-alias", props: { name: "alias/expertconnect-dr-logs", arn: aliasArn("expertconnect-dr-logs"), targetKeyId: LOGS_KEY, ...region } },
        { type: "aws:rds/instance:Instance", name: "database", props: { kmsKeyId: arnOf(DB_KEY), performanceInsightsKmsKeyId: arnOf(DB_KEY), ...region } },
        { type: "aws:cloudwatch/logGroup:LogGroup", name: "database-log-postgresql", props: { kmsKeyId: arnOf(LOGS_KEY), ...region } },
        {
            type: "aws:iam/rolePolicy:RolePolicy", name: "backend-execution-policy",
            props: { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: [arnOf(PROD_REPLICA_KEY), arnOf(LOGS_KEY)] }] }), ...region },
        },
        { type: "aws:secretsmanager/secretVersion:SecretVersion", name: "unrelated", props: { secretId: "arn:aws:secretsmanager:us-west-2:123456789012:secret:x", versionId: "0d3c7a3e-6a3f-4c39-9a6e-2a1f3b9c1d11" } },
        {
            type: "pulumi:pulumi:StackReference", name: "prod-stack",
            props: { name: "organization/expertconnect-infra/prod-east", outputs: { appSecretsReplicaKmsKeyArn: arnOf(PROD_REPLICA_KEY), databaseArn: "arn:aws:rds:us-east-1:123456789012:db:expertconnect-prod-db" } },
        },
    ];
    const set = (name: string, fn: (p: Record<string, any>) => void) => (s: StackResourceInput[]) => { fn(named(s, name).props as Record<string, any>); };
    const drop = (...names: string[]) => (s: StackResourceInput[]) => { for (const n of names) s.splice(s.indexOf(named(s, n)), 1); };

    stackTable(kmsKeysHeld, held, {
        passes: {
            "a store names its key by alias ARN": { change: set("database-log-postgresql", p => { p.kmsKeyId = aliasArn("expertconnect-dr-logs"); }) },
            "a store names its key by alias name": { change: set("database-log-postgresql", p => { p.kmsKeyId = "alias/expertconnect-dr-logs"; }) },
            "a store names its key by bare key id": { change: set("database", p => { p.kmsKeyId = DB_KEY; }) },
            "a store uses an AWS managed key (alias name or ARN)": { change: s => { set("database-log-postgresql", p => { p.kmsKeyId = "alias/aws/logs"; })(s); set("database", p => { p.performanceInsightsKmsKeyId = aliasArn("aws/rds"); })(s); } },
            "a policy grants on every key of the account (a wildcard names no one key)": { change: set("backend-execution-policy", p => { p.policy = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: `arn:aws:kms:us-west-2:${ACCOUNT}:key/*` }] }); }) },
            "a key and its alias removed once nothing names them": { change: s => { drop("logs-key", "logs-key-alias")(s); set("database-log-postgresql", p => { p.kmsKeyId = arnOf(DB_KEY); })(s); set("backend-execution-policy", p => { p.policy = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: arnOf(PROD_REPLICA_KEY) }] }); })(s); } },
            "an alias removed while everything names its key by ARN": { change: drop("database-key-alias") },
            "a key's ARN is unknown during preview (a key being created)": { change: set("database", p => { p.kmsKeyId = UNKNOWN; }) },
            "a UUID in a property not named for a key": { change: set("unrelated", p => { p.versionId = "9b2c7a3e-6a3f-4c39-9a6e-2a1f3b9c1d99"; }) },
        },
        violations: {
            "the database key and its alias removed while the database still names it": {
                change: drop("database-key", "database-key-alias"),
                message: new RegExp(`database's kmsKeyId, performanceInsightsKmsKeyId name ${arnOf(DB_KEY).replace(/[/.]/g, "\\$&")}, a key this stack does not hold`),
            },
            "the key removed while its alias stays (the alias targets a deleted key)": { change: drop("database-key"), message: new RegExp(`database-key-alias's targetKeyId names ${DB_KEY}`) },
            "a store switched to a removed key's alias name": { change: s => { drop("logs-key", "logs-key-alias")(s); set("database-log-postgresql", p => { p.kmsKeyId = "alias/expertconnect-dr-logs"; })(s); }, message: /database-log-postgresql's kmsKeyId names alias\/expertconnect-dr-logs, an alias this stack does not hold in that region/ },
            "a policy document still grants on a removed key": { change: s => { drop("logs-key", "logs-key-alias")(s); set("database-log-postgresql", p => { p.kmsKeyId = arnOf(DB_KEY); })(s); }, message: /backend-execution-policy's policy names arn:aws:kms:us-west-2:\d+:key\/6fa459ea/ },
            "prod no longer gives the key dr's roles use": { change: set("prod-stack", p => { delete p.outputs.appSecretsReplicaKmsKeyArn; }), message: /backend-execution-policy's policy names .*16fd2706/ },
            "the stack's own last deployment is no giver (a removed key is still in its old outputs)": {
                change: s => { drop("database-key", "database-key-alias")(s); s.push({ type: "pulumi:pulumi:StackReference", name: "last-deployment", props: { name: "organization/expertconnect-infra/prod", outputs: { databaseKmsKeyArn: arnOf(DB_KEY) } } }); },
                message: /database's kmsKeyId, performanceInsightsKmsKeyId name .*1b4e28ba/,
            },
            "an alias ARN of another region (aliases are regional)": { change: set("database-log-postgresql", p => { p.kmsKeyId = aliasArn("expertconnect-dr-logs", "us-east-1"); }), message: /names arn:aws:kms:us-east-1:\d+:alias\/expertconnect-dr-logs, an alias this stack does not hold in that region/ },
            "another account's key pasted as an ARN": { change: set("database", p => { p.kmsKeyId = "arn:aws:kms:us-west-2:444455556666:key/0e6d8a7c-1111-2222-3333-444455556666"; }), message: /database's kmsKeyId names arn:aws:kms:us-west-2:444455556666:key\/0e6d8a7c/ },
            "a bare key id the stack does not hold": { change: set("database", p => { p.performanceInsightsKmsKeyId = "0e6d8a7c-1111-2222-3333-444455556666"; }), message: /database's performanceInsightsKmsKeyId names 0e6d8a7c-1111-2222-3333-444455556666/ },
            "a multi-Region key id": { change: set("database-log-postgresql", p => { p.kmsKeyId = "mrk-1234abcd12ab34cd56ef1234567890ab"; }), message: /names mrk-1234abcd12ab34cd56ef1234567890ab/ },
        },
    });

    it("reads key and alias ARNs inside text, alias names and (where the property is for a key) key ids", () => {
        expect(keyMentions(`{"Resource":"${arnOf(DB_KEY)}"}`, false)).to.deep.equal([{ text: arnOf(DB_KEY), keyId: DB_KEY, region: "us-west-2" }]);
        expect(keyMentions(aliasArn("x/y"), false)).to.deep.equal([{ text: aliasArn("x/y"), alias: "alias/x/y", region: "us-west-2" }]);
        expect(keyMentions("alias/expertconnect", false)).to.deep.equal([{ text: "alias/expertconnect", alias: "alias/expertconnect" }]);
        expect(keyMentions(DB_KEY, false)).to.deep.equal([]);
        expect(keyMentions(DB_KEY, true)).to.deep.equal([{ text: DB_KEY, keyId: DB_KEY }]);
        expect(keyMentions(`arn:aws:kms:us-west-2:${ACCOUNT}:alias/expertconnect-*`, false)).to.deep.equal([]);
    });
});
