/**
 * Exports that copy a database's or table's data into S3 (an RDS snapshot export, a DynamoDB
 * table export) take it out of the database's own access control: whoever reads the bucket reads
 * the data. The destination must be one of this stack's data buckets, so the bucket policies,
 * public access block, versioning and protection the pack requires of those apply, and a
 * customer-managed key's policy decides who decrypts the objects.
 */
import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { known, linker, ofType } from "../lib/stack";
import { S3_ENCRYPTION } from "../lib/tokens";
import { bucketName, bucketsOf, GUIDE_S3, HOLDS_DATA_TAG, settingsOf } from "./buckets";
import { bucketDefaultKey, isDataBucket } from "./encryption";
import { sinks } from "./sinks";

/** Export types and the property naming their destination bucket. */
const EXPORT_BUCKET: Readonly<Record<string, string>> = {
    "aws:rds/exportTask:ExportTask": "s3BucketName",
    "aws:dynamodb/tableExport:TableExport": "s3Bucket",
};

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
    description: `RDS snapshot exports and DynamoDB table exports write only into one of this stack's data buckets: a bucket the stack manages, holding data (not tagged ${HOLDS_DATA_TAG}=false, not a log destination), encrypted by default with a customer-managed KMS key.`,
    enforcementLevel: "mandatory",
    types: Object.keys(EXPORT_BUCKET),
    metadata: {
        severity: "critical",
        guideSection: GUIDE_S3,
        fsbpControl: undefined,
        remediationSteps: "Point s3BucketName / s3Bucket at a bucket of this stack that holds data and whose default encryption is aws:kms with the stack's customer-managed key; share data with a partner through a reviewed process, not an export into their bucket.",
    },
    validate: (resources, report) => {
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
