import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";
import { EncryptionKey } from "../security/EncryptionKey";
import { alarmTopicKeyGrants, alarmTopicPolicy } from "./topicPolicy";

export interface AlarmTopicArgs {
    /** Topic name; the guide's ARN names `expertconnect-alarms`. @default "expertconnect-alarms" */
    topicName?: string;
    /** Alias of the topic's KMS key, without `alias/`. */
    keyAlias: string;
    /** E-mail addresses to subscribe (each must confirm once). @default [] */
    emails?: string[];
    /** Project and environment for tags. */
    tags: TagContext;
    /** Explicit opt-out of the key's protection (throwaway stacks only). @default false */
    allowDataLoss?: boolean;
    /**
     * Region of the topic and its key when not the provider's: an alarm notifies only a topic of
     * its own region, so alarms on metrics published elsewhere need a topic there. @default provider region
     */
    region?: string;
}

/**
 * The SNS topic every alarm and notification goes to, encrypted with its own KMS key that its
 * publishers (./topicPolicy.ts: alarms, EventBridge, Budgets, Cost Anomaly Detection) may use, and
 * writable only by them (and the account).
 */
export class AlarmTopic extends pulumi.ComponentResource {
    public readonly topic: aws.sns.Topic;
    public readonly arn: pulumi.Output<string>;
    public readonly topicName: pulumi.Output<string>;
    public readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: AlarmTopicArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:monitoring:AlarmTopic", name, {}, opts);
        const tags = resourceTags(args.tags, "monitoring");
        const account = aws.getCallerIdentityOutput({}, { parent: this });
        const region = args.region ? { region: args.region } : {};

        const key = new EncryptionKey(`${name}-key`, {
            alias: args.keyAlias,
            description: "Encrypts the alarm topic's messages",
            tags: args.tags,
            component: "monitoring",
            services: alarmTopicKeyGrants(),
            allowDataLoss: args.allowDataLoss,
            ...region,
        }, { parent: this });

        this.topic = new aws.sns.Topic(name, {
            name: args.topicName ?? "expertconnect-alarms",
            kmsMasterKeyId: key.arn,
            tags,
            ...region,
        }, { parent: this });

        new aws.sns.TopicPolicy(`${name}-policy`, {
            arn: this.topic.arn,
            policy: pulumi.all([this.topic.arn, account.accountId]).apply(([arn, id]) => alarmTopicPolicy(arn, id)),
            ...region,
        }, { parent: this });

        // Named by address, so reordering the list does not re-send confirmation mails.
        for (const email of args.emails ?? []) {
            new aws.sns.TopicSubscription(`${name}-email-${email}`, {
                topic: this.topic.arn,
                protocol: "email",
                endpoint: email,
                ...region,
            }, { parent: this });
        }

        this.arn = this.topic.arn;
        this.topicName = this.topic.name;
        this.keyArn = key.arn;
        this.registerOutputs({ arn: this.arn, topicName: this.topicName, keyArn: this.keyArn });
    }
}
