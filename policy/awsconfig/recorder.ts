import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { BACKUP_RETENTION_FLOOR_DAYS, LOG_RETENTION_DAYS } from "../lib/facts/retention";
import { managedConfigRules } from "../lib/facts/configRules";
import { inRegion, known, knownDeep, knownString, ofType, stackRegion } from "../lib/stack";
import { CONFIG_DELIVERY_CHANNEL, CONFIG_RECORDER, CONFIG_RECORDER_STATUS, CONFIG_RULE } from "../lib/tokens";
import { DeployedRule, parseParameters, ruleGaps } from "./rules";

const RETENTION_CONFIGURATION = ["aws:cfg/retentionConfiguration:RetentionConfiguration"] as const;

/** The service-linked role FSBP Config.1 asks the recorder to use. */
const SERVICE_LINKED_ROLE = /:role\/aws-service-role\/config\.amazonaws\.com\/AWSServiceRoleForConfig$/;

/**
 * Why a recording group does not record every supported type (global ones apart), or undefined.
 * AWS records all supported types when no group is given.
 */
export function recordingGap(group: { allSupported?: boolean; recordingStrategies?: { useOnly?: string }[]; exclusionByResourceTypes?: { resourceTypes?: string[] }[] } | undefined): string | undefined {
    if (group === undefined) {
        return undefined;
    }
    if (group.allSupported === false) {
        return "recordingGroup.allSupported is false";
    }
    const strategy = (group.recordingStrategies ?? []).map(s => s.useOnly).find(u => u !== undefined);
    if (strategy !== undefined && strategy !== "ALL_SUPPORTED_RESOURCE_TYPES") {
        return `recordingStrategy is ${strategy}`;
    }
    const excluded = (group.exclusionByResourceTypes ?? []).flatMap(e => e.resourceTypes ?? []);
    return excluded.length > 0 ? `resource types are excluded (${excluded.join(", ")})` : undefined;
}

/**
 * Resource types whose changes detection must see at once: the network exposure, identity, audit
 * and key types the stack's change-triggered Config rules and FSBP's controls evaluate.
 */
const CONTINUOUS_TYPES = [
    "AWS::EC2::SecurityGroup", "AWS::EC2::NetworkAcl", "AWS::EC2::RouteTable", "AWS::EC2::Subnet", "AWS::EC2::VPC",
    "AWS::IAM::User", "AWS::IAM::Role", "AWS::IAM::Group", "AWS::IAM::Policy",
    "AWS::CloudTrail::Trail", "AWS::S3::Bucket", "AWS::KMS::Key", "AWS::RDS::DBInstance",
];

interface RecordingOverride {
    recordingFrequency?: string;
    resourceTypes?: string[];
}

/**
 * The types of `watched` the recording mode records only daily: AWS Config then records (and its
 * change-triggered rules evaluate) a change up to 24 hours late. An override applies to its
 * types; the mode's own frequency to every other type (CONTINUOUS when unset).
 */
export function dailyTypes(mode: { recordingFrequency?: string; recordingModeOverride?: RecordingOverride | RecordingOverride[] } | undefined, watched: string[]): string[] {
    const overrides = ([] as RecordingOverride[]).concat(mode?.recordingModeOverride ?? []);
    const frequencyOf = (type: string) => overrides.find(o => (o.resourceTypes ?? []).includes(type))?.recordingFrequency ?? mode?.recordingFrequency ?? "CONTINUOUS";
    return watched.filter(t => String(frequencyOf(t)).toUpperCase() === "DAILY");
}

/** A stack's aws.cfg.Rule as the rule decision reads it (unknown values left undefined). */
function deployedRule(rule: PolicyResource): DeployedRule {
    const source = knownDeep(() => rule.props.source, {}) as { owner?: unknown; sourceIdentifier?: unknown } | undefined;
    const parameters = known(() => parseParameters(rule.props.inputParameters));
    const modes = knownDeep(() => rule.props.evaluationModes, []) as Array<{ mode?: unknown }> | undefined;
    return {
        name: knownString(rule, "name") ?? rule.name,
        urn: rule.urn,
        owner: typeof source?.owner === "string" ? source.owner : undefined,
        sourceIdentifier: typeof source?.sourceIdentifier === "string" ? source.sourceIdentifier : undefined,
        // Unparseable parameters are refused by AWS Config; they count as none given.
        parameters: parameters instanceof Error ? null : parameters,
        scope: (knownDeep(() => rule.props.scope, null) ?? null) as DeployedRule["scope"],
        evaluationModes: Array.isArray(modes) && modes.length > 0 ? modes.map((m) => String(m?.mode ?? "")) : null,
    };
}

export const configRecorder = stackPolicy<{ configManagedByOrganization: boolean; continuousResourceTypes: string[]; minimumLogRetentionDays: number; minimumHistoryDays: number }>({
    name: "config-recorder",
    description: "The stack owns an AWS Config recorder in its own region for all supported resource types (prod also records global ones such as IAM, once for the account: dr does not record them again) with the Config service-linked role, a delivery channel and an enabled recorder status, unless the organization manages Config; " +
        "the security-relevant types (continuousResourceTypes) are recorded continuously, never DAILY by the recording mode or an override; " +
        "a retention configuration keeps the configuration history at least minimumHistoryDays (AWS keeps it 7 years without one); " +
        "and the stack keeps, in its region, every AWS managed Config rule policy/lib/facts/configRules.ts lists for its environment, with the same source, no scope, DETECTIVE evaluation and its parameters (floors such as a retention no lower).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Security Maintenance › AWS Security Best Practices › Enable AWS Config",
        fsbpControl: "Config.1",
        remediationSteps: "Add aws.cfg.Recorder (recordingGroup.allSupported true, includeGlobalResourceTypes true in prod, no exclusions; roleArn the AWSServiceRoleForConfig service-linked role), " +
            "aws.cfg.DeliveryChannel and aws.cfg.RecorderStatus (isEnabled true), keep recordingMode.recordingFrequency CONTINUOUS and leave continuousResourceTypes out of any DAILY recordingModeOverride, " +
            "keep the managed Config rules ConfigRecorder creates from policy/lib/facts/configRules.ts (add a rule there, not beside it), " +
            "or set configManagedByOrganization: true in policy config when the organization deploys Config.",
    },
    environments: ["prod", "dr"],
    config: {
        configManagedByOrganization: { type: "boolean", default: false, description: "The organization deploys the AWS Config recorder in this account." },
        continuousResourceTypes: {
            type: "array",
            items: { type: "string", pattern: "^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$" },
            uniqueItems: true,
            default: CONTINUOUS_TYPES,
            description: "Resource types the recorder must record continuously (default: security groups, NACLs, route tables, subnets, VPCs, IAM users/roles/groups/policies, trails, buckets, KMS keys, DB instances): recorded daily, a change to them is seen up to 24 hours late.",
        },
        minimumHistoryDays: {
            type: "integer", minimum: LOG_RETENTION_DAYS.audit.floor, maximum: 2557, default: LOG_RETENTION_DAYS.audit.floor,
            description: `Fewest days a retention configuration may keep configuration items (default and lower bound ${LOG_RETENTION_DAYS.audit.floor}, the audit logs' floor in policy/lib/facts/retention.ts; AWS's default without one is 2557).`,
        },
        minimumLogRetentionDays: {
            type: "integer", minimum: 1, maximum: 3653, default: 30,
            description: "Lowest MinRetentionTime the CW_LOGGROUP_RETENTION_PERIOD_CHECK rule may ask, in days (default 30, cloudwatch-log-retention's minimumRetentionDays): a lower one lets log groups that keep too little pass.",
        },
    },
    validate: (resources, report, { config, args }) => {
        if (config.configManagedByOrganization) {
            return args.notApplicable("AWS Config is managed by the organization");
        }
        const region = stackRegion(resources);
        const recorders = inRegion(ofType(resources, CONFIG_RECORDER), region);
        if (recorders.length === 0) {
            report(`the stack has no AWS Config recorder${region ? ` in its region ${region}` : ""}.`);
        }
        for (const recorder of recorders) {
            const group = knownDeep(() => recorder.props.recordingGroup);
            const gap = recordingGap(group);
            if (gap) {
                report(`the AWS Config recorder does not record all supported resource types (${gap}).`, recorder.urn);
            }
            // Global types (IAM users, roles, policies) are recorded in one region: prod's.
            // AWS leaves them out when no recording group is given.
            const global = known(() => recorder.props.recordingGroup?.includeGlobalResourceTypes, "unknown");
            if (config.environment === "prod" && global !== true && global !== "unknown") {
                report("the AWS Config recorder does not record global resource types (recordingGroup.includeGlobalResourceTypes): IAM changes go unrecorded.", recorder.urn);
            }
            if (config.environment === "dr" && global === true) {
                report("the AWS Config recorder records global resource types in dr too: prod's recorder records them for the account (the guide: global types in one region only), so every IAM change is recorded, evaluated and billed twice. Set recordingGroup.includeGlobalResourceTypes false in dr.", recorder.urn);
            }
            const mode = knownDeep(() => recorder.props.recordingMode);
            const daily = dailyTypes(mode, config.continuousResourceTypes);
            if (daily.length > 0) {
                report(`the AWS Config recorder records ${daily.join(", ")} only DAILY (recordingMode): a change to them (an opened security group, a new IAM policy) is recorded and evaluated by the Config rules up to 24 hours late. ` +
                    "Record them CONTINUOUS (leave them out of recordingModeOverride.resourceTypes).", recorder.urn);
            }
            const role = knownString(recorder, "roleArn");
            if (role !== undefined && !SERVICE_LINKED_ROLE.test(role)) {
                report(`the AWS Config recorder uses ${role}, not the AWSServiceRoleForConfig service-linked role.`, recorder.urn);
            }
        }
        // The rules the program creates from the same fact; prod records global types, so it owns the account-wide ones.
        const production = config.environment === "prod";
        const required = managedConfigRules({
            production, recordsGlobalResources: production, minBackupRetentionDays: BACKUP_RETENTION_FLOOR_DAYS, minLogRetentionDays: config.minimumLogRetentionDays,
        });
        for (const gap of ruleGaps(required, inRegion(ofType(resources, CONFIG_RULE), region).map(deployedRule))) {
            report(gap.message, gap.urn);
        }
        for (const retention of inRegion(ofType(resources, RETENTION_CONFIGURATION), region)) {
            const days = known(() => retention.props.retentionPeriodInDays);
            if (typeof days === "number" && days < config.minimumHistoryDays) {
                report(`the AWS Config retention configuration keeps configuration items ${days} days: the history of a change older than that (a breach found months later) is deleted; keep at least ${config.minimumHistoryDays}, or remove it (AWS keeps 7 years).`, retention.urn);
            }
        }
        if (ofType(resources, CONFIG_DELIVERY_CHANNEL).length === 0) {
            report("the stack has no AWS Config delivery channel: recorded changes go nowhere.");
        }
        const statuses = ofType(resources, CONFIG_RECORDER_STATUS);
        if (!statuses.some(s => known(() => s.props.isEnabled, true) === true)) {
            report("no aws.cfg.RecorderStatus with isEnabled true: the recorder is created stopped.");
        }
    },
});
