import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";
import { ecrLifecyclePolicy } from "./ecrLifecycle";
import { keptOptions } from "../../policy/lib/facts/dataHolders";

export interface ImageRepositoryArgs {
    /** Repository name the guide pushes to, e.g. `expertconnect-backend`. */
    repositoryName: string;
    /** Project and environment for tags. */
    tags: TagContext;
    /** Component tag value, e.g. `backend`. */
    component: string;
    /** Tagged images kept (rollback depth). @default 30 */
    keepTaggedImages?: number;
    /**
     * KMS key for image layers. Unset uses the AWS-managed `aws/ecr` key, which the dr stack's
     * ECR replication can also use without a cross-region key grant. @default AWS-managed KMS key
     */
    kmsKeyArn?: pulumi.Input<string>;
    /** Explicit opt-out of protecting the repository and its images (throwaway stacks only). @default false */
    allowDataLoss?: boolean;
}

/**
 * An ECR repository: images scanned on push, tags immutable (a tag always names the same
 * build, so a rollback deploys what was tested), KMS-encrypted, old images expired. It holds
 * every deployable build, so it is protected and never force-deleted.
 */
export class ImageRepository extends pulumi.ComponentResource {
    public readonly repositoryUrl: pulumi.Output<string>;
    public readonly repositoryArn: pulumi.Output<string>;
    public readonly repositoryName: pulumi.Output<string>;

    constructor(name: string, args: ImageRepositoryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:compute:ImageRepository", name, {}, opts);
        const keep = !args.allowDataLoss;
        const repo = new aws.ecr.Repository(name, {
            name: args.repositoryName,
            imageTagMutability: "IMMUTABLE",
            imageScanningConfiguration: { scanOnPush: true },
            encryptionConfigurations: [{ encryptionType: "KMS", ...(args.kmsKeyArn ? { kmsKey: args.kmsKeyArn } : {}) }],
            forceDelete: !keep,
            tags: resourceTags(args.tags, args.component),
        }, { parent: this, ...keptOptions(keep) });
        new aws.ecr.LifecyclePolicy(`${name}-lifecycle`, {
            repository: repo.name,
            policy: ecrLifecyclePolicy(args.keepTaggedImages ?? 30),
        }, { parent: this });

        this.repositoryUrl = repo.repositoryUrl;
        this.repositoryArn = repo.arn;
        this.repositoryName = repo.name;
        this.registerOutputs({ repositoryUrl: this.repositoryUrl, repositoryArn: this.repositoryArn, repositoryName: this.repositoryName });
    }
}
