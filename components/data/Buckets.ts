import * as pulumi from "@pulumi/pulumi";
import { TagContext } from "../../lib/tags";
import { EncryptionKey } from "../security/EncryptionKey";
import { dataKeyName } from "../../policy/lib/facts/dataKeys";
import { SecureBucket } from "../storage/SecureBucket";

export interface BucketsArgs {
    /** Static-assets bucket (`expertconnect-prod-static`); the guide syncs and replicates it by name. */
    staticBucketName: string;
    /**
     * Backup bucket (`expertconnect-backup`), one per account, so only the prod stack owns it.
     * @default no backup bucket
     */
    backupBucketName?: string;
    /** Days after which backup objects move to Glacier Instant Retrieval. @default 30 */
    backupArchiveAfterDays?: number;
    /** Days noncurrent (overwritten or deleted) object versions are kept. @default 90 */
    noncurrentVersionExpirationDays?: number;
    /** Project and environment for tags. */
    tags: TagContext;
    /** Explicit opt-out of data protection for buckets and keys (throwaway stacks only). @default false */
    allowDataLoss?: boolean;
}

/**
 * The application's buckets: static assets, and in prod the backup bucket the guide copies
 * into. Each has its own KMS key so that access to one does not imply the other and so the dr
 * stack's replication can be granted the static key alone; both are versioned, private,
 * TLS-only and protected (SecureBucket).
 */
export class Buckets extends pulumi.ComponentResource {
    public readonly staticBucket: SecureBucket;
    public readonly staticKey: EncryptionKey;
    public readonly staticBucketArn: pulumi.Output<string>;
    public readonly staticBucketName: pulumi.Output<string>;
    public readonly staticKmsKeyArn: pulumi.Output<string>;
    public readonly backupBucket?: SecureBucket;
    public readonly backupKey?: EncryptionKey;
    public readonly backupBucketArn?: pulumi.Output<string>;
    public readonly backupBucketName?: pulumi.Output<string>;
    public readonly backupKmsKeyArn?: pulumi.Output<string>;

    constructor(name: string, args: BucketsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:data:Buckets", name, {}, opts);

        [this.staticKey, this.staticBucket] = this.createBucket(`${name}-static`, args.staticBucketName, "static-assets", args);
        this.staticBucketArn = this.staticBucket.arn;
        this.staticBucketName = this.staticBucket.bucketName;
        this.staticKmsKeyArn = this.staticKey.arn;

        if (args.backupBucketName !== undefined) {
            [this.backupKey, this.backupBucket] = this.createBucket(`${name}-backup`, args.backupBucketName, "backup", args, args.backupArchiveAfterDays ?? 30);
            this.backupBucketArn = this.backupBucket.arn;
            this.backupBucketName = this.backupBucket.bucketName;
            this.backupKmsKeyArn = this.backupKey.arn;
        }
        this.registerOutputs({
            staticBucketArn: this.staticBucketArn, staticBucketName: this.staticBucketName, staticKmsKeyArn: this.staticKmsKeyArn,
            backupBucketArn: this.backupBucketArn, backupBucketName: this.backupBucketName, backupKmsKeyArn: this.backupKmsKeyArn,
        });
    }

    private createBucket(name: string, bucketName: string, component: string, args: BucketsArgs, archiveAfterDays?: number): [EncryptionKey, SecureBucket] {
        const key = new EncryptionKey(dataKeyName(name), {
            alias: bucketName,
            description: `S3 ${bucketName}: objects`,
            tags: args.tags,
            component,
            allowDataLoss: args.allowDataLoss,
        }, { parent: this });
        const bucket = new SecureBucket(name, {
            bucketName,
            tags: args.tags,
            component,
            kmsKeyArn: key.arn,
            versioned: true,
            noncurrentVersionExpirationDays: args.noncurrentVersionExpirationDays,
            archiveAfterDays,
            allowDataLoss: args.allowDataLoss,
        }, { parent: this });
        return [key, bucket];
    }
}
