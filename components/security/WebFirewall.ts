import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags, TagContext } from "../../lib/tags";
import { redactedFields, webAclRules } from "./wafRules";
import { keptOptions } from "../../policy/lib/facts/dataHolders";

export interface WebFirewallArgs {
    /** Name of the web ACL and prefix of its metrics: `expertconnect-prod`. */
    name: string;
    /** Project and environment for tags. */
    tags: TagContext;
    /** ARN of the Application Load Balancer to protect. */
    loadBalancerArn: pulumi.Input<string>;
    /** Requests per client IP per five minutes before it is blocked (AWS's minimum is 10; config allows 100+). */
    rateLimit: number;
    /**
     * URI path prefixes that may carry bodies over 8 KB (uploads, large API payloads): the common
     * rule set's body-size rule only counts there. @default [] (blocked everywhere)
     * @example ["/api/", "/admin/"]
     */
    largeBodyPaths?: string[];
    /** Retention of the WAF log group, in days (audit retention). */
    logRetentionDays: number;
    /** KMS key for the log group; it must grant `logs.<region>.amazonaws.com`. @default CloudWatch Logs' own encryption */
    logKmsKeyArn?: pulumi.Input<string>;
    /** Explicit opt-out of protecting the log group (throwaway stacks only). @default false */
    allowDataLoss?: boolean;
}

/**
 * AWS WAF in front of the load balancer: per-IP rate limit and AWS managed rule groups,
 * with logs (credentials redacted) in `aws-waf-logs-<name>`, as WAF requires that prefix.
 */
export class WebFirewall extends pulumi.ComponentResource {
    public readonly webAcl: aws.wafv2.WebAcl;
    public readonly webAclArn: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: WebFirewallArgs, opts?: pulumi.ComponentResourceOptions) {
        super("expertconnect:security:WebFirewall", name, {}, opts);
        const parent = { parent: this };
        const keep = !args.allowDataLoss;
        const tags = resourceTags(args.tags, "waf");

        this.webAcl = new aws.wafv2.WebAcl(name, {
            name: args.name,
            description: `Rate limit and AWS managed rules in front of ${args.name}'s load balancer`,
            scope: "REGIONAL",
            defaultAction: { allow: {} },
            rules: webAclRules(args.name, args.rateLimit, args.largeBodyPaths),
            visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: args.name, sampledRequestsEnabled: true },
            tags,
        }, parent);

        new aws.wafv2.WebAclAssociation(`${name}-alb`, {
            resourceArn: args.loadBalancerArn,
            webAclArn: this.webAcl.arn,
        }, parent);

        const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
            name: `aws-waf-logs-${args.name}`,
            retentionInDays: args.logRetentionDays,
            kmsKeyId: args.logKmsKeyArn,
            tags,
        }, { ...parent, ...keptOptions(keep) });

        new aws.wafv2.WebAclLoggingConfiguration(`${name}-logging`, {
            resourceArn: this.webAcl.arn,
            logDestinationConfigs: [logGroup.arn],
            redactedFields: redactedFields(),
        }, parent);

        this.webAclArn = this.webAcl.arn;
        this.logGroupName = logGroup.name;
        this.registerOutputs({ webAclArn: this.webAclArn, logGroupName: this.logGroupName });
    }
}
