import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";
import type { PolicyStatement } from "../../lib/iam";
import { bucketPolicyDocument } from "./bucketPolicy";
import { LifecycleArgs, lifecycleRules } from "./lifecycle";
import { keptOptions } from "../../policy/lib/facts/dataHolders";

export interface SecureBucketArgs extends LifecycleArgs {
    /** Physical bucket name (the guide's commands use it literally); may embed the account id. */
    bucketName: pulumi.Input<string>;
    /** Project and environment for tags. */
    tags: TagContext;
    /** Component tag value of the owner, e.g. "static-assets". */
    component: string;
    /**
     * KMS key for SSE-KMS with an S3 bucket key. Leave unset for SSE-S3, which is what ALB
     * access logs require. @default SSE-S3 (AES256)
     */
    kmsKeyArn?: pulumi.Input<string>;
    /** Keep object versions (buckets that hold data). @default true */
    versioned?: boolean;
    /**
     * Whether the bucket holds data worth keeping. False tags it `HoldsData=false`, the pack's
     * explicit opt-out for buckets of short-lived diagnostics (docs/policies.md). @default true
     */
    holdsData?: boolean;
    /**
     * Extra bucket policy statements for a delivering service; gets the bucket ARN and may
     * return an Output (statements that name the account id or a trail ARN). @default []
     */
    policyStatements?: (bucketArn: string) => pulumi.Input<PolicyStatement[]>;
    /** Region of the bucket when it is not the provider's (v7 per-resource region). @default provider region */
    region?: string;
    /**
     * Explicit opt-out of data protection: allow `pulumi destroy` to delete the bucket and every
     * object in it. Only for throwaway stacks. @default false
     */
    allowDataLoss?: boolean;
}

/**
 * An S3 bucket with the baseline every bucket here gets: encryption, all four public-access
 * blocks, ACLs disabled, TLS-only policy, versioning and lifecycle for old versions.
 */
export class SecureBucket extends pulumi.ComponentResource {
    public readonly bucket: aws.s3.Bucket;
    public readonly arn: pulumi.Output<string>;
    public readonly bucketName: pulumi.Output<string>;
    /** The bucket policy; depend on it before a service starts delivering. */
    public readonly policy: aws.s3.BucketPolicy;

    constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:storage:SecureBucket", name, {}, opts);
        const parent = { parent: this };
        const region = args.region ? { region: args.region } : {};
        const keep = !args.allowDataLoss;

        this.bucket = new aws.s3.Bucket(
            name,
            { bucket: args.bucketName, forceDestroy: !keep, tags: resourceTags(args.tags, args.component, args.holdsData === false ? { HoldsData: "false" } : {}), ...region },
            { ...parent, ...keptOptions(keep) },
        );
        const bucket = this.bucket.id;

        new aws.s3.BucketOwnershipControls(`${name}-ownership`, {
            bucket, rule: { objectOwnership: "BucketOwnerEnforced" }, ...region,
        }, parent);
        const publicAccess = new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, {
            bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true, ...region,
        }, parent);
        new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
            bucket,
            rules: [{
                applyServerSideEncryptionByDefault: args.kmsKeyArn
                    ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }
                    : { sseAlgorithm: "AES256" },
                bucketKeyEnabled: args.kmsKeyArn !== undefined,
            }],
            ...region,
        }, parent);
        const versioned = args.versioned ?? true;
        const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, {
            bucket, versioningConfiguration: { status: versioned ? "Enabled" : "Suspended" }, ...region,
        }, parent);
        new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
            bucket,
            rules: lifecycleRules(args),
            ...region,
        }, { ...parent, dependsOn: [versioning] });
        this.policy = new aws.s3.BucketPolicy(`${name}-policy`, {
            bucket,
            policy: this.bucket.arn.apply((arn) =>
                pulumi.output(args.policyStatements?.(arn) ?? []).apply((extra) => bucketPolicyDocument(arn, extra as PolicyStatement[]))),
            ...region,
        }, { ...parent, dependsOn: [publicAccess] });

        this.arn = this.bucket.arn;
        this.bucketName = this.bucket.bucket;
        this.registerOutputs({ arn: this.arn, bucketName: this.bucketName });
    }
}
