import { s3BucketEncryption } from "../../policy/s3/encryption";
import { dataExportDestination } from "../../policy/s3/exportDestination";
import { s3AclsDisabled } from "../../policy/s3/aclsDisabled";
import { s3PublicAccessBlock } from "../../policy/s3/publicAccessBlock";
import { s3StaticReplication } from "../../policy/s3/replication";
import { s3TlsOnly } from "../../policy/s3/tlsOnly";
import { s3Versioning } from "../../policy/s3/versioning";
import { named, stackTable } from "./support/cases";
import { expectPass } from "./support/expect";
import { ACCOUNT, bucketStack } from "./support/fixtures";
import { analyzeStack, StackResourceInput, UNKNOWN, UNKNOWN_OBJECT } from "./support/harness";

const STATIC = "static-bucket";
const REPLICA = "static-replica-bucket";

/** Prod's static bucket replicated to its us-west-2 replica, each with all settings. */
const stack: StackResourceInput[] = [
    ...bucketStack(STATIC, "expertconnect-prod-static", "us-east-1"),
    ...bucketStack(REPLICA, "expertconnect-prod-static-replica", "us-west-2"),
    {
        type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
        name: "static-replication",
        props: {
            bucket: "expertconnect-prod-static",
            role: `arn:aws:iam::${ACCOUNT}:role/static-replication`,
            rules: [{ id: "all", status: "Enabled", destination: { bucket: "arn:aws:s3:::expertconnect-prod-static-replica", storageClass: "STANDARD" } }],
        },
        propertyDependencies: { bucket: [STATIC], rules: [REPLICA] },
    },
];

/** Replaces a configuration's default encryption. */
const sse = (s: StackResourceInput[], name: string, byDefault: object) => { named(s, name).props.rules = [{ applyServerSideEncryptionByDefault: byDefault }]; };
const without = (name: string) => (s: StackResourceInput[]) => { s.splice(s.indexOf(named(s, name)), 1); };

/** The settings resources made unknown, as in a preview of a new stack. */
function unknownSettings(s: StackResourceInput[]): void {
    for (const r of s) {
        if (r.type !== "aws:s3/bucket:Bucket") {
            r.props.bucket = UNKNOWN;
        }
    }
}

describe("s3-bucket-encryption", () => {
    stackTable(s3BucketEncryption, stack, {
        passes: {
            "settings reference their bucket only through property dependencies (preview)": { change: unknownSettings },
            "the legacy BucketV2 token and an inline configuration are used": {
                change: s => {
                    without(`${STATIC}-encryption`)(s);
                    const bucket = named(s, STATIC);
                    bucket.type = "aws:s3/bucketV2:BucketV2";
                    bucket.props.serverSideEncryptionConfiguration = { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/s3` } } };
                },
            },
            "a bucket tagged HoldsData=false on SSE-S3": { change: s => { named(s, STATIC).props.tags = { HoldsData: "false" }; sse(s, `${STATIC}-encryption`, { sseAlgorithm: "AES256" }); } },
            "the load balancer's access-log bucket on SSE-S3 (the only encryption ALB log delivery accepts)": {
                change: s => {
                    sse(s, `${STATIC}-encryption`, { sseAlgorithm: "AES256" });
                    s.push({ type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { accessLogs: { bucket: "expertconnect-prod-static", enabled: true } } });
                },
            },
            "a trail's bucket on SSE-S3": {
                change: s => { sse(s, `${STATIC}-encryption`, { sseAlgorithm: "AES256" }); s.push({ type: "aws:cloudtrail/trail:Trail", name: "trail", props: { s3BucketName: "expertconnect-prod-static" } }); },
            },
            "the encryption rules are unknown during preview": { change: s => { named(s, `${STATIC}-encryption`).props.rules = UNKNOWN_OBJECT; } },
        },
        violations: {
            "a bucket has no encryption configuration": { change: without(`${STATIC}-encryption`), message: /expertconnect-prod-static has no server-side encryption/ },
            "the configuration has no default encryption rule": {
                change: s => { named(s, `${REPLICA}-encryption`).props.rules = [{ bucketKeyEnabled: true }]; },
                message: /expertconnect-prod-static-replica's encryption configuration has no default/,
            },
            "a data bucket downgraded to SSE-S3": { change: s => { sse(s, `${STATIC}-encryption`, { sseAlgorithm: "AES256" }); }, message: /expertconnect-prod-static holds data but its default encryption uses a key AWS manages/ },
            "a data bucket on aws:kms without a key (aws/s3)": { change: s => { sse(s, `${STATIC}-encryption`, { sseAlgorithm: "aws:kms" }); }, message: /key AWS manages/ },
            "a data bucket naming the AWS managed alias": { change: s => { sse(s, `${STATIC}-encryption`, { sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/aws/s3" }); }, message: /key AWS manages/ },
            "a configuration names a different bucket": {
                change: s => {
                    const enc = named(s, `${STATIC}-encryption`);
                    enc.props.bucket = "some-other-bucket";
                    delete enc.propertyDependencies;
                },
                message: /expertconnect-prod-static has no server-side encryption/,
            },
        },
    });
});

describe("s3-public-access-block", () => {
    stackTable(s3PublicAccessBlock, stack, {
        passes: { "settings reference their bucket only through property dependencies (preview)": { change: unknownSettings } },
        violations: {
            "a bucket has no public access block": { change: without(`${REPLICA}-public-access`), message: /static-replica has no public access block/ },
            ...Object.fromEntries(["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].map(setting => [
                `${setting} is off`,
                { change: (s: StackResourceInput[]) => { named(s, `${STATIC}-public-access`).props[setting] = false; }, message: new RegExp(`leaves ${setting} off`) },
            ])),
            "a setting is left unset": {
                change: s => { delete named(s, `${STATIC}-public-access`).props.restrictPublicBuckets; }, message: /leaves restrictPublicBuckets off/,
            },
        },
    });
});

describe("s3-acls-disabled", () => {
    stackTable(s3AclsDisabled, stack, {
        passes: {
            "settings reference their bucket only through property dependencies (preview)": { change: unknownSettings },
            "the ownership rule is unknown during preview": { change: s => { named(s, `${STATIC}-ownership`).props.rule = UNKNOWN_OBJECT; } },
        },
        violations: {
            "a bucket's ownership control removed from the program (S3 turns it to Object writer)": { change: without(`${REPLICA}-ownership`), message: /static-replica has no ownership control: a bucket without one is Object writer/ },
            "ownership set to BucketOwnerPreferred (ACLs enabled)": { change: s => { named(s, `${STATIC}-ownership`).props.rule = { objectOwnership: "BucketOwnerPreferred" }; }, message: /expertconnect-prod-static's ownership control is not BucketOwnerEnforced/ },
            "the control names another bucket": { change: s => { const c = named(s, `${STATIC}-ownership`); c.props.bucket = "some-other-bucket"; delete c.propertyDependencies; c.dependencies = []; }, message: /expertconnect-prod-static has no ownership control/ },
        },
    });
});

function statement(s: StackResourceInput[], change: (st: Record<string, unknown>) => void): void {
    const policy = named(s, `${STATIC}-policy`);
    const document = JSON.parse(policy.props.policy as string);
    change(document.Statement[0]);
    policy.props.policy = JSON.stringify(document);
}

describe("s3-tls-only", () => {
    stackTable(s3TlsOnly, stack, {
        passes: {
            "the document is an object with Principal {AWS: \"*\"} and boolean false": {
                change: s => {
                    const policy = named(s, `${STATIC}-policy`);
                    const document = JSON.parse(policy.props.policy as string);
                    document.Statement[0].Principal = { AWS: "*" };
                    document.Statement[0].Condition.Bool["aws:SecureTransport"] = false;
                    policy.props.policy = document;
                },
            },
            "the document is unknown during preview": { change: s => { named(s, `${STATIC}-policy`).props.policy = UNKNOWN; } },
        },
        violations: {
            "a bucket has no policy": { change: without(`${STATIC}-policy`), message: /expertconnect-prod-static has no bucket policy/ },
            "the statement allows instead of denies": { change: s => statement(s, st => { st.Effect = "Allow"; }), message: /no Deny on aws:SecureTransport/ },
            "the condition tests for TLS instead of its absence": {
                change: s => statement(s, st => { st.Condition = { Bool: { "aws:SecureTransport": "true" } }; }), message: /no Deny/,
            },
            "the deny covers only the objects": {
                change: s => statement(s, st => { st.Resource = ["arn:aws:s3:::expertconnect-prod-static/*"]; }), message: /no Deny/,
            },
            "the deny covers only some actions": { change: s => statement(s, st => { st.Action = "s3:GetObject"; }), message: /no Deny/ },
        },
    });
});

describe("s3-versioning", () => {
    stackTable(s3Versioning, stack, {
        passes: {
            "a bucket without data opts out with HoldsData=false": {
                change: s => {
                    without(`${REPLICA}-versioning`)(s);
                    named(s, REPLICA).props.tags = { HoldsData: "false" };
                },
            },
            "the status is unknown during preview": { change: s => { named(s, `${STATIC}-versioning`).props.versioningConfiguration = UNKNOWN_OBJECT; } },
            "the legacy BucketVersioningV2 token is used": { change: s => { named(s, `${STATIC}-versioning`).type = "aws:s3/bucketVersioningV2:BucketVersioningV2"; } },
        },
        violations: {
            "a bucket has no versioning": { change: without(`${STATIC}-versioning`), message: /expertconnect-prod-static has no versioning/ },
            "versioning is suspended": {
                change: s => { named(s, `${STATIC}-versioning`).props.versioningConfiguration = { status: "Suspended" }; }, message: /Suspended, not Enabled/,
            },
        },
    });
});

const replicationRule = (s: StackResourceInput[]) => (named(s, "static-replication").props.rules as Record<string, unknown>[])[0];

describe("s3-static-replication", () => {
    stackTable(s3StaticReplication, stack, {
        passes: {
            "the rule has an empty filter (every object)": { change: s => { replicationRule(s).filter = {}; } },
            "the rule has an empty prefix filter (every object)": { change: s => { replicationRule(s).filter = { prefix: "" }; } },
            "the destination ARN is unknown during preview but the dependency names the replica": {
                change: s => { (named(s, "static-replication").props.rules as { destination: { bucket: string } }[])[0].destination.bucket = UNKNOWN; },
            },
        },
        violations: {
            "the static bucket has no replication": { change: without("static-replication"), message: /expertconnect-prod-static has no replication/ },
            "the replication rule is disabled": {
                change: s => { (named(s, "static-replication").props.rules as { status: string }[])[0].status = "Disabled"; }, message: /no Enabled rule/,
            },
            "the replica is in the same region": {
                change: s => { named(s, REPLICA).props.region = "us-east-1"; }, message: /replicates to us-east-1, not to the dr region us-west-2/,
            },
            "the replica is in a third region, not the dr region": {
                change: s => { named(s, REPLICA).props.region = "us-east-2"; }, message: /replicates to us-east-2, not to the dr region us-west-2/,
            },
            "the rule is filtered to a prefix": {
                change: s => { replicationRule(s).filter = { prefix: "do-not-replicate/" }; }, message: /copies only objects under the prefix "do-not-replicate\/"/,
            },
            "the rule is filtered to a prefix inside an and": {
                change: s => { replicationRule(s).filter = { and: { prefix: "media/", tags: {} } }; }, message: /copies only objects under the prefix "media\/"/,
            },
            "the rule is filtered to a tag": {
                change: s => { replicationRule(s).filter = { tag: { key: "replicate", value: "yes" } }; }, message: /copies only objects carrying the filter's tags/,
            },
            "a configured pattern names an unreplicated bucket": {
                config: { replicatedBuckets: ["-static$", "-static-replica$"] }, message: /expertconnect-prod-static-replica has no replication/,
            },
        },
        notApplicable: { "the stack is dr": { config: { environment: "dr" }, change: without("static-replication") } },
    });
});

/** An RDS snapshot export into `bucket`, linked to a stack bucket by dependency when `dependsOn` names one. */
const exportInto = (bucket: string, dependsOn?: string) => (s: StackResourceInput[]) => {
    s.push({
        type: "aws:rds/exportTask:ExportTask", name: "db-export",
        props: { exportTaskIdentifier: "x", sourceArn: `arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:s`, s3BucketName: bucket, iamRoleArn: `arn:aws:iam::${ACCOUNT}:role/e`, kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/e` },
        ...(dependsOn ? { propertyDependencies: { s3BucketName: [dependsOn] } } : {}),
    });
};

describe("data-export-destination", () => {
    stackTable(dataExportDestination, stack, {
        passes: {
            "an RDS export into the stack's data bucket under its customer key": { change: exportInto("expertconnect-prod-static") },
            "an export whose bucket is unknown in preview but depends on the data bucket": { change: exportInto(UNKNOWN as unknown as string, STATIC) },
            "a DynamoDB table export into the data bucket": {
                change: s => { s.push({ type: "aws:dynamodb/tableExport:TableExport", name: "table-export", props: { tableArn: "t", s3Bucket: "expertconnect-prod-static" } }); },
            },
        },
        violations: {
            "an export into a bucket outside the stack": { change: exportInto("partner-analytics-ingest"), message: /db-export exports into bucket partner-analytics-ingest, which is not a bucket of this stack/ },
            "an export into a bucket tagged HoldsData=false": {
                change: s => { named(s, STATIC).props.tags = { HoldsData: "false" }; exportInto("expertconnect-prod-static")(s); }, message: /not one of the stack's data buckets/,
            },
            "an export into the load balancer's log bucket": {
                change: s => { s.push({ type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { accessLogs: { bucket: "expertconnect-prod-static", enabled: true } } }); exportInto("expertconnect-prod-static")(s); },
                message: /not one of the stack's data buckets/,
            },
            "an export into a data bucket on SSE-S3": {
                change: s => { sse(s, `${STATIC}-encryption`, { sseAlgorithm: "AES256" }); exportInto("expertconnect-prod-static")(s); }, message: /not a customer-managed KMS key/,
            },
            "a DynamoDB table export into another account's bucket": {
                change: s => { s.push({ type: "aws:dynamodb/tableExport:TableExport", name: "table-export", props: { tableArn: "t", s3Bucket: "partner-bucket", s3BucketOwner: "444455556666" } }); },
                message: /table-export exports into bucket partner-bucket/,
            },
        },
    });
});

/** Two buckets of the stack: backups nobody but the backup role reads, static assets the web application reads. */
const flowStack: StackResourceInput[] = [
    ...bucketStack("backup-bucket", "expertconnect-backup", "us-east-1"),
    ...bucketStack(STATIC, "expertconnect-prod-static", "us-east-1"),
    { type: "aws:iam/role:Role", name: "backend-task", props: { name: "backend-task", arn: `arn:aws:iam::${ACCOUNT}:role/backend-task` } },
    {
        type: "aws:iam/rolePolicy:RolePolicy", name: "backend-task-static",
        props: { role: "backend-task", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::expertconnect-prod-static/*" }, { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::expertconnect-backup/*" }] }) },
    },
    { type: "aws:iam/role:Role", name: "restore-test", props: { name: "restore-test", arn: `arn:aws:iam::${ACCOUNT}:role/restore-test` } },
    {
        type: "aws:iam/rolePolicy:RolePolicy", name: "restore-test-read",
        props: { role: "restore-test", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: ["arn:aws:s3:::expertconnect-backup/*", "arn:aws:s3:::expertconnect-prod-static/*"] }] }) },
    },
];
const inventory = (source: string, destinationArn: string) => (s: StackResourceInput[]) => {
    s.push({ type: "aws:s3/inventory:Inventory", name: "inventory", props: { bucket: source, name: "daily", includedObjectVersions: "Current", schedule: { frequency: "Daily" }, destination: { bucket: { format: "CSV", bucketArn: destinationArn, accountId: ACCOUNT } } } });
};

describe("data-export-destination: copies between the stack's buckets", () => {
    stackTable(dataExportDestination, flowStack, {
        passes: {
            "the static bucket's inventory into the backup bucket (its readers read static too)": { change: inventory("expertconnect-prod-static", "arn:aws:s3:::expertconnect-backup") },
            "the backup bucket's inventory into itself under a prefix": { change: inventory("expertconnect-backup", "arn:aws:s3:::expertconnect-backup/inventory") },
            "the backup bucket's inventory into another account's bucket (ownership-references' question)": { change: inventory("expertconnect-backup", "arn:aws:s3:::vendor-inventory") },
            "a disabled replication rule into the static bucket": {
                change: s => { s.push({ type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig", name: "backup-rep", props: { bucket: "expertconnect-backup", role: "r", rules: [{ id: "x", status: "Disabled", destination: { bucket: "arn:aws:s3:::expertconnect-prod-static" } }] } }); },
            },
        },
        violations: {
            "the backup bucket's inventory into the static bucket the web application reads": {
                change: inventory("expertconnect-backup", "arn:aws:s3:::expertconnect-prod-static"),
                message: /inventory writes its inventory .* of bucket expertconnect-backup into bucket expertconnect-prod-static, which role backend-task may read but not expertconnect-backup/,
            },
            "the backup bucket's server access logs into the static bucket": {
                change: s => { s.push({ type: "aws:s3/bucketLogging:BucketLogging", name: "backup-logs", props: { bucket: "expertconnect-backup", targetBucket: "expertconnect-prod-static", targetPrefix: "logs/" } }); },
                message: /backup-logs writes its server access logs .* into bucket expertconnect-prod-static/,
            },
            "the backup bucket replicated into the static bucket": {
                change: s => { s.push({ type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig", name: "backup-rep", props: { bucket: "expertconnect-backup", role: "r", rules: [{ id: "x", status: "Enabled", destination: { bucket: "arn:aws:s3:::expertconnect-prod-static" } }] } }); },
                message: /backup-rep writes a replica of its objects of bucket expertconnect-backup/,
            },
            "the backup bucket's storage-class analysis exported into the static bucket": {
                change: s => { s.push({ type: "aws:s3/analyticsConfiguration:AnalyticsConfiguration", name: "backup-analytics", props: { bucket: "expertconnect-backup", name: "all", storageClassAnalysis: { dataExport: { destination: { s3BucketDestination: { bucketArn: "arn:aws:s3:::expertconnect-prod-static" } } } } } }); },
                message: /backup-analytics writes its storage-class analysis/,
            },
            "an inventory into a bucket whose policy lets anyone read": {
                change: s => {
                    s.push({ type: "aws:s3/bucketPolicy:BucketPolicy", name: "static-public", props: { bucket: "expertconnect-prod-static", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::expertconnect-prod-static/*" }] }) } });
                    s.splice(s.findIndex(r => r.name === "backend-task-static"), 1);
                    inventory("expertconnect-backup", "arn:aws:s3:::expertconnect-prod-static")(s);
                },
                message: /which anyone \(Principal \*\) may read/,
            },
        },
    });
});

describe("stack policies over unknown outputs", () => {
    it("judge nothing they can't see instead of abandoning the policy", async () => {
        const previewed = structuredClone(stack);
        unknownSettings(previewed);
        for (const r of previewed) {
            r.props.region = UNKNOWN;
        }
        for (const policy of [s3BucketEncryption, s3PublicAccessBlock, s3AclsDisabled, s3TlsOnly, s3Versioning, s3StaticReplication]) {
            expectPass(await analyzeStack(policy, previewed));
        }
    });
});
