import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";
import { DATA_KEY_DELETION_WINDOW_DAYS } from "../../policy/lib/facts/dataKeys";
import { KeyServiceGrant, keyPolicyDocument } from "./keyPolicy";
import { keptOptions } from "../../policy/lib/facts/dataHolders";

export interface EncryptionKeyArgs {
    /** Alias without the `alias/` prefix, e.g. `expertconnect-prod-database`. */
    alias: string;
    /** What the key protects; shown in the console. */
    description: string;
    /** Project and environment for tags. */
    tags: TagContext;
    /** Component tag value. */
    component: string;
    /** AWS services allowed to use the key directly (logs, SNS publishers, CloudTrail). @default [] */
    services?: KeyServiceGrant[];
    /**
     * Days KMS waits before deleting a scheduled key (7 to 30); 30 leaves a month to notice. A key
     * that encrypts stored data (databases, caches, buckets, vaults, secrets, logs) keeps 30: the
     * pack's kms-data-key-deletion-window. @default 30
     */
    deletionWindowInDays?: number;
    /** Region of the key when it is not the provider's (v7 per-resource region). @default provider region */
    region?: string;
    /** Explicit opt-out of `protect`/`retainOnDelete` (throwaway stacks only). @default false */
    allowDataLoss?: boolean;
}

/**
 * A customer-managed KMS key with yearly rotation and an alias. Losing a key loses every
 * backup and snapshot encrypted with it, so it is protected and retained on delete.
 */
export class EncryptionKey extends pulumi.ComponentResource {
    public readonly key: aws.kms.Key;
    public readonly arn: pulumi.Output<string>;
    public readonly keyId: pulumi.Output<string>;
    public readonly aliasName: pulumi.Output<string>;

    constructor(name: string, args: EncryptionKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:security:EncryptionKey", name, {}, opts);
        const region = args.region ? { region: args.region } : {};
        const keep = !args.allowDataLoss;
        const account = aws.getCallerIdentityOutput({}, { parent: this });

        this.key = new aws.kms.Key(name, {
            description: args.description,
            enableKeyRotation: true,
            deletionWindowInDays: args.deletionWindowInDays ?? DATA_KEY_DELETION_WINDOW_DAYS,
            policy: account.accountId.apply((id) => keyPolicyDocument(id, args.services ?? [])),
            tags: resourceTags(args.tags, args.component),
            ...region,
        }, { parent: this, ...keptOptions(keep) });
        const alias = new aws.kms.Alias(`${name}-alias`, {
            name: `alias/${args.alias}`,
            targetKeyId: this.key.keyId,
            ...region,
        }, { parent: this });

        this.arn = this.key.arn;
        this.keyId = this.key.keyId;
        this.aliasName = alias.name;
        this.registerOutputs({ arn: this.arn, keyId: this.keyId, aliasName: this.aliasName });
    }
}
