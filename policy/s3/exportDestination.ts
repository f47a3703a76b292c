/**
 * Exports that copy a database's or table's data into S3 (an RDS snapshot export, a DynamoDB
 * table export) take it out of the database's own access control: whoever reads the bucket reads
 * the data. The destination must be one of this stack's data buckets, so the bucket policies,
 * public access block, versioning and protection the pack requires of those apply, and a
 * customer-managed key's policy decides who decrypts the objects.
 */
import { PolicyResource } from "@pulumi/policy";

import { stackAccount } from "../lib/account";
import { stackPolicy } from "../lib/define";
import { known, knownDeep, linker, ofType } from "../lib/stack";
import { S3_ENCRYPTION } from "../lib/tokens";
import { identitiesOf } from "../iam/identities";
import { BucketAudience } from "./audience";
import { bucketName, bucketsOf, GUIDE_S3, HOLDS_DATA_TAG, settingsOf } from "./buckets";
import { bucketDefaultKey, isDataBucket } from "./encryption";
import { sinks } from "./sinks";

/** Export types and the property naming their destination bucket. */
const EXPORT_BUCKET: Readonly<Record<string, string>> = {
    "aws:rds/exportTask:ExportTask": "s3BucketName",
    "aws:dynamodb/tableExport:TableExport": "s3Bucket",
};

/**
 * Copies of a bucket's data or metadata into another bucket, by type: where each names its source
 * (`bucket`) and its destinations. An inventory lists every object's key, size, dates and
 * encryption; server access logs name every requester and key; replication copies the objects;
 * a storage-class analysis export describes the objects' access.
 */
const BUCKET_FLOWS: Readonly<Record<string, { what: string; destinations: (p: Record<string, any>) => unknown[] }>> = {
    "aws:s3/inventory:Inventory": { what: "its inventory (every object's key, size and encryption)", destinations: p => [p.destination?.bucket?.bucketArn] },
    "aws:s3/bucketLogging:BucketLogging": { what: "its server access logs (every request, requester and key)", destinations: p => [p.targetBucket] },
    "aws:s3/bucketLoggingV2:BucketLoggingV2": { what: "its server access logs (every request, requester and key)", destinations: p => [p.targetBucket] },
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": { what: "a replica of its objects", destinations: p => (p.rules ?? []).filter((r: any) => r?.status !== "Disabled").map((r: any) => r?.destination?.bucket) },
    "aws:s3/analyticsConfiguration:AnalyticsConfiguration": { what: "its storage-class analysis", destinations: p => [p.storageClassAnalysis?.dataExport?.destination?.s3BucketDestination?.bucketArn] },
};

const S3_BUCKET_POLICY = ["aws:s3/bucketPolicy:BucketPolicy"];

/** The bucket a destination value names (`arn:aws:s3:::name`, `arn:aws:s3:::name/prefix`, `name`). */
function destinationName(value: string): string {
    return value.replace(/^arn:aws[a-z-]*:s3:::/, "").replace(/\/.*$/, "");
}

/**
 * Copies from one of the stack's buckets into another of its buckets whose readers include someone
 * the source does not let read: the copy widens who sees the source's data. Destinations outside
 * the stack are the ownership and residency policies' question.
 */
async function bucketFlowProblems(resources: PolicyResource[], report: (message: string, urn: string) => void): Promise<void> {
    const flows = ofType(resources, Object.keys(BUCKET_FLOWS));
    if (flows.length === 0) {
        return;
    }
    const buckets = bucketsOf(resources);
    const bucketOf = linker(buckets, ["bucket", "id"]);
    const byName = new Map(buckets.map(b => [bucketName(b), b]));
    const account = stackAccount(resources) ?? "";
    const audience = new BucketAudience(identitiesOf(resources), settingsOf(resources, S3_BUCKET_POLICY), account);
    for (const flow of flows) {
        const source = bucketOf(flow, "bucket")[0];
        const props = knownDeep(() => flow.props as Record<string, unknown>, undefined);
        if (source === undefined || props === undefined) {
            continue;
        }
        const { what, destinations } = BUCKET_FLOWS[flow.type];
        for (const value of destinations(props).filter((v): v is string => typeof v === "string")) {
            const destination = byName.get(destinationName(value));
            if (destination === undefined || destination === source) {
                continue;
            }
            const added = await audience.widening(source, destination);
            if (added.length > 0) {
                report(`${flow.name} writes ${what} of bucket ${bucketName(source)} into bucket ${bucketName(destination)}, which ${added.slice(0, 4).join(", ")}${added.length > 4 ? ` and ${added.length - 4} more` : ""} ` +
                    `may read but not ${bucketName(source)}: the copy is less restricted than its source. Deliver it to a bucket no wider than the source (its own reports bucket, read by those who read the source).`, flow.urn);
            }
        }
    }
}

/** Why the destination is not acceptable, or undefined when it is (or cannot be known yet). */
export function destinationProblem(target: PolicyResource | undefined, named: string, dataBucket: boolean, customerKey: boolean | undefined): string | undefined {
    if (target === undefined) {
        return `exports into bucket ${named}, which is not a bucket of this stack: the data leaves the access control, protection and retention the stack gives its data buckets`;
    }
    if (!dataBucket) {
        return `exports into bucket ${bucketName(target)}, which is not one of the stack's data buckets (tagged ${HOLDS_DATA_TAG}=false, or receiving logs or artifacts): it is not kept, protected or encrypted as data`;
    }
    return customerKey === false
        ? `exports into bucket ${bucketName(target)}, whose default encryption is not a customer-managed KMS key`
        : undefined;
}

export const dataExportDestination = stackPolicy({
    name: "data-export-destination",
    description: `RDS snapshot exports and DynamoDB table exports write only into one of this stack's data buckets: a bucket the stack manages, holding data (not tagged ${HOLDS_DATA_TAG}=false, not a log destination), encrypted by default with a customer-managed KMS key; ` +
        "an S3 inventory, server access logs, replication or storage-class analysis export from one of the stack's buckets into another never reaches a reader (a role, user or group whose policies allow s3:GetObject there, or a principal of its bucket policy) who may not read the source.",
    enforcementLevel: "mandatory",
    types: [...Object.keys(EXPORT_BUCKET), ...Object.keys(BUCKET_FLOWS)],
    metadata: {
        severity: "critical",
        guideSection: GUIDE_S3,
        fsbpControl: undefined,
        remediationSteps: "Point s3BucketName / s3Bucket at a bucket of this stack that holds data and whose default encryption is aws:kms with the stack's customer-managed key; share data with a partner through a reviewed process, not an export into their bucket. " +
            "Deliver a bucket's inventory, access logs, replicas or analysis to a bucket whose readers may already read the source.",
    },
    validate: async (resources, report) => {
        await bucketFlowProblems(resources, report);
        const exports = ofType(resources, Object.keys(EXPORT_BUCKET));
        if (exports.length === 0) {
            return;
        }
        const buckets = bucketsOf(resources);
        const bucketOf = linker(buckets, ["bucket", "id"]);
        const encryption = settingsOf(resources, S3_ENCRYPTION);
        const found = sinks(resources, 0);
        for (const e of exports) {
            const property = EXPORT_BUCKET[e.type];
            const named = known(() => e.props[property]);
            const target = bucketOf(e, property)[0];
            if (target === undefined && typeof named !== "string") {
                continue; // unknown in preview and linked to no bucket of the stack: judged at the update
            }
            const key = target ? bucketDefaultKey(target, encryption.get(target) ?? []).key : undefined;
            const problem = destinationProblem(target, String(named), target !== undefined && isDataBucket(target, found), key === undefined ? undefined : key === "customer");
            if (problem) {
                report(`${e.name} ${problem}.`, e.urn);
            }
        }
    },
});
