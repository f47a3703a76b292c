import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";
import { SecureBucket } from "../storage/SecureBucket";
import { managedConfigRules, RuleSelection } from "../../policy/lib/facts/configRules";
import { configBucketStatements, configServiceLinkedRoleArn } from "./configRules";

export interface ConfigRecorderArgs {
    /** Project and environment for tags. */
    tags: TagContext;
    /**
     * Record IAM and other global resource types. Exactly one region of the account should,
     * or every change is recorded (and billed) twice. @default false
     */
    includeGlobalResourceTypes?: boolean;
    /**
     * Create the delivery bucket `config-bucket-<account>`. Its name is global, so one stack
     * (prod) creates it and the other delivers into it across regions. @default true
     */
    createBucket?: boolean;
    /** Which managed rules apply (production-only and account-wide ones) and their parameters. */
    rules: Omit<RuleSelection, "recordsGlobalResources">;
    /** Days after which delivered snapshots and histories move to Glacier Instant Retrieval. @default 90 */
    archiveAfterDays?: number;
    /** Explicit opt-out of protecting the bucket (throwaway stacks only). @default false */
    allowDataLoss?: boolean;
}

/**
 * AWS Config in the stack's region: recorder `default` (all supported types), delivery
 * channel `default` to `config-bucket-<account>`, the recorder switched on, and managed rules
 * that mirror the policy pack. It records with the account's AWSServiceRoleForConfig, which is
 * account-wide and so not owned by either stack; create it once per account with
 * `aws iam create-service-linked-role --aws-service-name config.amazonaws.com`.
 */
export class ConfigRecorder extends pulumi.ComponentResource {
    public readonly recorder: aws.cfg.Recorder;
    public readonly bucketName: pulumi.Output<string>;
    public readonly ruleNames: string[];

    constructor(name: string, args: ConfigRecorderArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:security:ConfigRecorder", name, {}, opts);
        const parent = { parent: this };
        const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
        const includeGlobal = args.includeGlobalResourceTypes ?? false;
        const bucketName = pulumi.interpolate`config-bucket-${accountId}`;

        this.recorder = new aws.cfg.Recorder(name, {
            name: "default",
            roleArn: accountId.apply(configServiceLinkedRoleArn),
            recordingGroup: { allSupported: true, includeGlobalResourceTypes: includeGlobal },
        }, parent);

        const bucket = (args.createBucket ?? true)
            ? new SecureBucket(`${name}-bucket`, {
                bucketName,
                tags: args.tags,
                component: "config",
                archiveAfterDays: args.archiveAfterDays ?? 90,
                policyStatements: (bucketArn) => accountId.apply((id) => configBucketStatements(bucketArn, id)),
                allowDataLoss: args.allowDataLoss,
            }, parent)
            : undefined;

        const channel = new aws.cfg.DeliveryChannel(name, {
            name: "default",
            s3BucketName: bucket ? bucket.bucketName : bucketName,
            snapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
        }, { ...parent, dependsOn: [this.recorder, ...(bucket ? [bucket.policy] : [])] });

        const status = new aws.cfg.RecorderStatus(name, {
            name: this.recorder.name,
            isEnabled: true,
        }, { ...parent, dependsOn: [channel] });

        const rules = managedConfigRules({ ...args.rules, recordsGlobalResources: includeGlobal });
        const tags = resourceTags(args.tags, "config");
        for (const r of rules) {
            new aws.cfg.Rule(`${name}-${r.name}`, {
                name: r.name,
                source: { owner: "AWS", sourceIdentifier: r.identifier },
                inputParameters: r.parameters ? JSON.stringify(r.parameters) : undefined,
                tags,
            }, { ...parent, dependsOn: [status] });
        }

        this.bucketName = bucket ? bucket.bucketName : bucketName;
        this.ruleNames = rules.map((r) => r.name);
        this.registerOutputs({ bucketName: this.bucketName, ruleNames: this.ruleNames });
    }
}
