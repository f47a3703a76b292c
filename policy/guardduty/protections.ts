import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { inRegion, knownDeep, knownString, linker, ofType, stackRegion } from "../lib/stack";
import { GUARDDUTY_DETECTOR, GUARDDUTY_FEATURE } from "../lib/tokens";

/** A protection: a detector feature, or an agent-management setting inside RUNTIME_MONITORING. */
interface Protection {
    feature: string;
    /** An additional configuration of the feature that must be enabled too. */
    agent?: string;
    /** The FSBP control that asks for it. */
    control: string;
    /** Type-token prefixes of resources whose presence makes the protection necessary. */
    when: string[];
}

/**
 * Each GuardDuty protection and what makes it necessary: the stack protects what it runs, so a
 * stack without EKS is not asked for EKS protections, and one that adds an EC2 instance is asked
 * for malware scanning of its volumes.
 */
export const PROTECTIONS: readonly Protection[] = [
    { feature: "S3_DATA_EVENTS", control: "GuardDuty.10", when: ["aws:s3/bucket:", "aws:s3/bucketV2:"] },
    { feature: "RDS_LOGIN_EVENTS", control: "GuardDuty.9", when: ["aws:rds/instance:", "aws:rds/cluster:"] },
    { feature: "RUNTIME_MONITORING", agent: "ECS_FARGATE_AGENT_MANAGEMENT", control: "GuardDuty.12", when: ["aws:ecs/service:"] },
    { feature: "RUNTIME_MONITORING", agent: "EC2_AGENT_MANAGEMENT", control: "GuardDuty.13", when: ["aws:ec2/instance:", "aws:ec2/launchTemplate:", "aws:autoscaling/group:"] },
    { feature: "RUNTIME_MONITORING", agent: "EKS_ADDON_MANAGEMENT", control: "GuardDuty.7", when: ["aws:eks/cluster:"] },
    { feature: "EKS_AUDIT_LOGS", control: "GuardDuty.5", when: ["aws:eks/cluster:"] },
    { feature: "EBS_MALWARE_PROTECTION", control: "GuardDuty.8", when: ["aws:ec2/instance:", "aws:ec2/launchTemplate:", "aws:autoscaling/group:"] },
    { feature: "LAMBDA_NETWORK_LOGS", control: "GuardDuty.6", when: ["aws:lambda/function:"] },
];

interface FeatureState {
    name?: string;
    status?: string;
    additionalConfigurations?: { name?: string; status?: string }[];
}

/** Whether `protection` is enabled by one of the detector's features. */
function enabled(protection: Protection, features: FeatureState[]): boolean {
    return features.some(f => f.name === protection.feature && f.status === "ENABLED" && (protection.agent === undefined
        || (f.additionalConfigurations ?? []).some(c => c.name === protection.agent && c.status === "ENABLED")));
}

/** The protections the stack's resources make necessary. */
function needed(resources: PolicyResource[]): Protection[] {
    const types = new Set(resources.map(r => r.type));
    return PROTECTIONS.filter(p => [...types].some(t => p.when.some(prefix => t.startsWith(prefix))));
}

export const guarddutyProtections = stackPolicy<{ guardDutyManagedByOrganization: boolean }>({
    name: "guardduty-protections",
    description: "The stack's GuardDuty detector enables the protection plans for what the stack runs: S3 data events, RDS login events, runtime monitoring with the managed agent for ECS Fargate (EC2, EKS when present), EBS malware scanning with EC2, EKS audit logs with EKS, Lambda network logs with Lambda.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Security Maintenance › AWS Security Best Practices › Enable AWS GuardDuty",
        fsbpControl: "GuardDuty.12",
        remediationSteps: "Add an aws.guardduty.DetectorFeature per protection (status ENABLED; RUNTIME_MONITORING with the agent-management additional configuration for the compute the stack runs), or set guardDutyManagedByOrganization when a delegated administrator manages them.",
    },
    config: {
        guardDutyManagedByOrganization: { type: "boolean", default: false, description: "A GuardDuty delegated administrator enables detectors and their protections in this account." },
    },
    types: [...GUARDDUTY_DETECTOR, ...GUARDDUTY_FEATURE],
    onlyWith: GUARDDUTY_DETECTOR[0],
    validate: (resources, report, { config, args }) => {
        if (config.guardDutyManagedByOrganization) {
            return args.notApplicable("GuardDuty is managed by the organization");
        }
        const detectors = inRegion(ofType(resources, GUARDDUTY_DETECTOR), stackRegion(resources));
        const detectorOf = linker(detectors, ["id"]);
        const required = needed(resources);
        for (const detector of detectors) {
            const features = ofType(resources, GUARDDUTY_FEATURE).filter(f => detectorOf(f, "detectorId").includes(detector));
            if (features.some(f => knownDeep(() => f.props as object) === undefined)) {
                continue; // A feature not known yet (preview): can't judge.
            }
            const states = features.map(f => knownDeep(() => f.props as FeatureState)!);
            for (const p of required.filter(r => !enabled(r, states))) {
                report(`GuardDuty detector ${knownString(detector, "id") ?? detector.name} does not enable ${p.feature}${p.agent ? ` with ${p.agent}` : ""} (${p.control}), which the stack's resources need.`, detector.urn);
            }
        }
    },
});
