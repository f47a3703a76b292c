import { resourcePolicy } from "../lib/define";
import * as tokens from "../lib/tokens";

/** Resource types the stacks create that accept tags, beyond those the other policies inspect. */
const OTHER_TAGGABLE = [
    "aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip",
    "aws:ec2/internetGateway:InternetGateway", "aws:ec2/routeTable:RouteTable", "aws:ec2/vpcEndpoint:VpcEndpoint",
    "aws:ec2/flowLog:FlowLog", "aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup",
    "aws:wafv2/webAcl:WebAcl", "aws:rds/subnetGroup:SubnetGroup", "aws:elasticache/subnetGroup:SubnetGroup",
    "aws:backup/vault:Vault", "aws:ssm/parameter:Parameter", "aws:cloudwatch/eventRule:EventRule",
    "aws:iam/policy:Policy", "aws:appautoscaling/target:Target",
];

/** Every resource type with a `tags` input that the stacks create. */
export const TAGGABLE = new Set<string>([
    ...tokens.RDS_INSTANCE, ...tokens.RDS_PARAMETER_GROUP, ...tokens.S3_BUCKET, ...tokens.CLOUDTRAIL_TRAIL,
    ...tokens.GUARDDUTY_DETECTOR, ...tokens.KMS_KEY, ...tokens.ECS_TASK_DEFINITION, ...tokens.ECS_SERVICE,
    ...tokens.ECS_CLUSTER, ...tokens.LOAD_BALANCER, ...tokens.LISTENER, ...tokens.SECURITY_GROUP,
    ...tokens.SECURITY_GROUP_INGRESS_RULE, ...tokens.ELASTICACHE_REPLICATION_GROUP, ...tokens.SNS_TOPIC,
    ...tokens.LOG_GROUP, ...tokens.METRIC_ALARM, ...tokens.ECR_REPOSITORY, ...tokens.IAM_ROLE,
    ...tokens.SECRETS_MANAGER_SECRET, ...tokens.BACKUP_PLAN, ...OTHER_TAGGABLE,
]);

export const tagsRequired = resourcePolicy<{ requiredTags: string[] }>({
    name: "tags-required",
    description: "Every taggable resource carries the Project, Environment and Component tags on the resource itself (cost split and ownership).",
    enforcementLevel: "advisory",
    metadata: {
        severity: "low",
        guideSection: "Regular Maintenance Tasks › Monthly Tasks › Review AWS costs",
        fsbpControl: undefined,
        remediationSteps: "Pass the tags from lib/tags.ts to the resource (provider default tags are not visible to the pack).",
    },
    config: {
        requiredTags: { type: "array", items: { type: "string", minLength: 1, maxLength: 128 }, minItems: 1, uniqueItems: true, default: ["Project", "Environment", "Component"], description: "Tag keys every taggable resource must carry." },
    },
    types: [...TAGGABLE],
    validate: (props, report, { config }) => {
        const tags = typeof props.tags === "object" && props.tags !== null ? props.tags : {};
        const missing = config.requiredTags.filter(t => typeof tags[t] !== "string" || tags[t] === "");
        if (missing.length > 0) {
            report(`missing tags: ${missing.join(", ")}.`);
        }
    },
});
