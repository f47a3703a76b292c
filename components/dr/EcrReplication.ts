import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";
import { ecrLifecyclePolicy } from "../compute/ecrLifecycle";

const COMPONENT = "disaster-recovery";

/** URL of a repository in a registry: `ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME`. */
export function repositoryUrl(accountId: string, region: string, repositoryName: string): string {
    return `${accountId}.dkr.ecr.${region}.amazonaws.com/${repositoryName}`;
}

export interface EcrReplicationArgs {
    /** Project and environment for tags. */
    tags: TagContext;
    /** Repository name prefix to replicate, e.g. `expertconnect-`. */
    repositoryPrefix: string;
    /** Region the images are replicated to. */
    destinationRegion: string;
    /** Names of the repositories the recovery stack pulls from, e.g. `expertconnect-backend`. */
    repositoryNames: string[];
    /** Tagged images the replicated repositories keep. @default 30 */
    keepTaggedImages?: number;
}

/**
 * Private-registry replication of the application's repositories to the recovery region, so
 * the dr stack pulls the same image digests without reaching this region. The registry's
 * replication configuration is one per account: only the prod stack may own it. Replication
 * creates the destination repositories on the first push; a creation template there gives
 * them the same immutable tags and lifecycle as the source repositories.
 */
export class EcrReplication extends pulumi.ComponentResource {
    /** Replicated repository URLs by repository name. */
    public readonly replicaRepositoryUrls: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: EcrReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:dr:EcrReplication", name, {}, opts);
        if (!args.repositoryNames.every((r) => r.startsWith(args.repositoryPrefix))) {
            throw new Error(`repositoryNames ${JSON.stringify(args.repositoryNames)}: allowed: names starting with ${JSON.stringify(args.repositoryPrefix)}, the replicated prefix`);
        }
        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

        new aws.ecr.ReplicationConfiguration(`${name}-registry`, {
            replicationConfiguration: {
                rules: [{
                    destinations: [{ region: args.destinationRegion, registryId: account }],
                    repositoryFilters: [{ filter: args.repositoryPrefix, filterType: "PREFIX_MATCH" }],
                }],
            },
        }, { parent: this });
        new aws.ecr.RepositoryCreationTemplate(`${name}-template`, {
            // Template prefixes are namespaces (`prod` matches `prod/*`); the repositories have no
            // namespace, so ROOT. It applies only to repositories replication creates, and only
            // `${repositoryPrefix}*` is replicated.
            prefix: "ROOT",
            description: `Repositories replication creates for ${args.repositoryPrefix}*`,
            appliedFors: ["REPLICATION"],
            imageTagMutability: "IMMUTABLE",
            encryptionConfigurations: [{ encryptionType: "AES256" }],
            lifecyclePolicy: ecrLifecyclePolicy(args.keepTaggedImages ?? 30),
            resourceTags: resourceTags(args.tags, COMPONENT),
            region: args.destinationRegion,
        }, { parent: this });

        this.replicaRepositoryUrls = account.apply((id) => Object.fromEntries(
            args.repositoryNames.map((r) => [r, repositoryUrl(id, args.destinationRegion, r)]),
        ));
        this.registerOutputs({ replicaRepositoryUrls: this.replicaRepositoryUrls });
    }
}
