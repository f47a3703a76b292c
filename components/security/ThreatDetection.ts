import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";
import { detectorFeatures } from "./guardDutyFeatures";
import { keptOptions } from "../../policy/lib/facts/dataHolders";

export interface ThreatDetectionArgs {
    /** Project and environment for tags. */
    tags: TagContext;
    /**
     * How often updates to existing findings are published to EventBridge (new findings always
     * go out within minutes). @default "FIFTEEN_MINUTES"
     */
    findingPublishingFrequency?: "FIFTEEN_MINUTES" | "ONE_HOUR" | "SIX_HOURS";
    /** Explicit opt-out of protecting the detector and its findings (throwaway stacks only). @default false */
    allowDataLoss?: boolean;
}

/**
 * The GuardDuty detector of the stack's region with S3, RDS and ECS Fargate runtime
 * protection. Deleting a detector deletes its findings, so it is protected. Skip this
 * component where an organization's delegated administrator manages GuardDuty.
 */
export class ThreatDetection extends pulumi.ComponentResource {
    public readonly detector: aws.guardduty.Detector;
    public readonly detectorId: pulumi.Output<string>;

    constructor(name: string, args: ThreatDetectionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:security:ThreatDetection", name, {}, opts);
        const keep = !args.allowDataLoss;

        this.detector = new aws.guardduty.Detector(name, {
            enable: true,
            findingPublishingFrequency: args.findingPublishingFrequency ?? "FIFTEEN_MINUTES",
            tags: resourceTags(args.tags, "threat-detection"),
        }, { parent: this, ...keptOptions(keep) });

        for (const feature of detectorFeatures) {
            new aws.guardduty.DetectorFeature(`${name}-${feature.name.toLowerCase().replace(/_/g, "-")}`, {
                detectorId: this.detector.id,
                name: feature.name,
                status: feature.status,
                additionalConfigurations: feature.additionalConfigurations,
            }, { parent: this });
        }

        this.detectorId = this.detector.id;
        this.registerOutputs({ detectorId: this.detectorId });
    }
}
