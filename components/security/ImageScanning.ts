import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ImageScanningArgs {
    /** Repository name pattern (ECR wildcard) scanned continuously. @example "expertconnect-*" */
    repositoryFilter: string;
}

/**
 * ECR enhanced scanning (Amazon Inspector) for the registry of the stack's region: images are
 * scanned on push and re-scanned as new CVEs are published, for OS and language packages. The
 * registry's scan type replaces the repositories' basic scan-on-push, which stays set as the
 * fallback should enhanced scanning be turned off. Findings reach the alarm topic through the
 * EventBridge rule `image-vulnerability-found` (see `events.ts`).
 */
export class ImageScanning extends pulumi.ComponentResource {
    constructor(name: string, args: ImageScanningArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:security:ImageScanning", name, {}, opts);
        new aws.ecr.RegistryScanningConfiguration(name, {
            scanType: "ENHANCED",
            rules: [{
                scanFrequency: "CONTINUOUS_SCAN",
                repositoryFilters: [{ filter: args.repositoryFilter, filterType: "WILDCARD" }],
            }],
        }, { parent: this });
        this.registerOutputs({});
    }
}
