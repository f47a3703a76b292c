import * as pulumi from "@pulumi/pulumi";
import type { ReplicaSource } from "../components/data/databaseSettings";
import { PublishedDatabaseEngine } from "../policy/lib/facts/databaseOutputs";
import { PROD_INTERFACE } from "../policy/lib/facts/prodOutputs";

/**
 * Names of the prod stack outputs the dr stack reads, from the interface prod publishes
 * (policy/lib/facts/prodOutputs.ts, which dr-prod-interface holds prod's values to). Both sides
 * (stack/disasterRecovery.ts and index.ts) use these, so a renamed export breaks the build
 * instead of the failover.
 */
export const PROD_OUTPUTS = Object.fromEntries(Object.entries(PROD_INTERFACE).map(([key, entry]) => [key, entry.output])) as
    { readonly [K in keyof typeof PROD_INTERFACE]: (typeof PROD_INTERFACE)[K]["output"] };

/**
 * Typed access to the prod stack's outputs through a StackReference. The values come from the
 * Pulumi backend, not from AWS: nothing here calls an API in prod's region, so the dr stack can
 * be deployed while that region is down. Every read is `requireOutput`: a missing export fails
 * the dr deployment with its name rather than deploying half a recovery site.
 */
export class ProdStack {
    public readonly reference: pulumi.StackReference;

    /** @param stackName fully qualified prod stack, `expertconnect:dr.prodStack` */
    constructor(name: string, stackName: string) {
        this.reference = new pulumi.StackReference(name, { name: stackName });
    }

    private read(output: keyof typeof PROD_OUTPUTS): pulumi.Output<unknown> {
        return this.reference.requireOutput(PROD_OUTPUTS[output]);
    }

    private readString(output: keyof typeof PROD_OUTPUTS): pulumi.Output<string> {
        return this.read(output).apply((value) => requireString(PROD_OUTPUTS[output], value));
    }

    /** ARN of prod's database instance (a cross-region replica's source must be an ARN). */
    get databaseArn(): pulumi.Output<string> {
        return this.readString("databaseArn");
    }

    /**
     * prod's database as the dr replica follows it: its ARN, its parameter group's family (RDS
     * upgrades the replica with its source) and its storage autoscaling ceiling.
     */
    get database(): ReplicaSource {
        return {
            arn: this.databaseArn,
            parameterGroupFamily: this.read("databaseEngine").apply((engine) =>
                requireString(`${PROD_OUTPUTS.databaseEngine}.parameterGroupFamily`, (engine as Partial<PublishedDatabaseEngine> | undefined)?.parameterGroupFamily)),
            maxAllocatedStorageGb: this.read("databaseStorageGb").apply((storage) => publishedCeiling(storage)),
        };
    }

    /**
     * Prod's database master secret replicated into this region, and its key there. The dr
     * replica has prod's master password, so these are its credentials in every phase.
     */
    get databaseMasterSecret(): { arn: pulumi.Output<string>; kmsKeyArn: pulumi.Output<string> } {
        return {
            arn: this.readString("databaseMasterSecretReplicaArn"),
            kmsKeyArn: this.readString("databaseMasterSecretReplicaKmsKeyArn"),
        };
    }

    /** Prod's static-assets replica in this region: bucket name, ARN and KMS key. */
    get staticReplica(): { bucketName: pulumi.Output<string>; bucketArn: pulumi.Output<string>; kmsKeyArn: pulumi.Output<string> } {
        return {
            bucketName: this.readString("staticReplicaBucketName"),
            bucketArn: this.readString("staticReplicaBucketArn"),
            kmsKeyArn: this.readString("staticReplicaKmsKeyArn"),
        };
    }

    /** Prod's application secrets replicated into this region: ARNs by id, and their key. */
    get appSecrets(): { arns: pulumi.Output<Record<string, string>>; kmsKeyArn: pulumi.Output<string> } {
        return {
            arns: this.read("appSecretReplicaArns") as pulumi.Output<Record<string, string>>,
            kmsKeyArn: this.readString("appSecretsReplicaKmsKeyArn"),
        };
    }

    /** URL of a replicated image repository in this region, e.g. `expertconnect-backend`. */
    repositoryUrl(repositoryName: string): pulumi.Output<string> {
        return this.read("replicaRepositoryUrls").apply((urls) => pickRepositoryUrl(urls, repositoryName));
    }
}

/** One repository's URL from prod's `replicaRepositoryUrls` output; throws naming what is there. */
export function pickRepositoryUrl(value: unknown, repositoryName: string): string {
    const urls = (value !== null && typeof value === "object" ? value : {}) as Record<string, unknown>;
    const url = urls[repositoryName];
    if (typeof url !== "string" || url === "") {
        throw new Error(`prod stack output ${PROD_OUTPUTS.replicaRepositoryUrls} has no repository ${JSON.stringify(repositoryName)}; ` +
            `it has: ${Object.keys(urls).join(", ") || "none"}`);
    }
    return url;
}

/**
 * prod's storage autoscaling ceiling from its `databaseStorageGb` output (`{ allocated, maxAllocated }`):
 * undefined when it has none; throws naming the output when it is not a positive number.
 */
export function publishedCeiling(value: unknown): number | undefined {
    const ceiling = (value !== null && typeof value === "object" ? value as Record<string, unknown> : {}).maxAllocated;
    if (ceiling === undefined) return undefined;
    if (typeof ceiling !== "number" || !Number.isInteger(ceiling) || ceiling <= 0) {
        throw new Error(`prod stack output ${PROD_OUTPUTS.databaseStorageGb}.maxAllocated is ${JSON.stringify(ceiling)}; allowed: a positive number of GiB`);
    }
    return ceiling;
}

/** A prod output that must be a non-empty string (names, ARNs); throws naming the output. */
export function requireString(output: string, value: unknown): string {
    if (typeof value !== "string" || value === "") {
        throw new Error(`prod stack output ${output} is ${JSON.stringify(value)}; allowed: a non-empty string`);
    }
    return value;
}
