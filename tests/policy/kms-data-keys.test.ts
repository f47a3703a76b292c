/**
 * kms-key-in-data-region, key separation by purpose (policy/kms/dataKeys.ts): each data store is
 * encrypted with the key its owner made for its data (`dataKeyName`, policy/lib/facts/dataKeys.ts),
 * judged by the key its input resolves to (ARN, key id, alias name or alias ARN), or in preview by
 * the key the input depends on.
 */
import { expect } from "chai";

import { dataKeyName } from "../../policy/lib/facts/dataKeys";
import { valuesAt } from "../../policy/kms/dataKeys";
import { kmsKeyInDataRegion } from "../../policy/kms/keyRegion";
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
