import { stackPolicy } from "../lib/define";
import { AUDIT_RETENTION_PROPERTY, destinationProblems, logTargetResolver } from "../lib/logDestination";
import { ec2Id, known, knownString, ofType, valueLinker } from "../lib/stack";
import { FLOW_LOG, VPC } from "../lib/tokens";
import { GUIDE_NETWORK } from "../network/ingress";

/**
 * Fields a custom log format must keep for a record to say who talked to whom and whether it
 * was let through: without them the log can't answer an investigation (the default format has
 * them all).
 */
const REQUIRED_FIELDS = ["srcaddr", "dstaddr", "srcport", "dstport", "protocol", "action"];

/** The required fields a custom `logFormat` (`${field} …`) leaves out; none for the default format. */
export function missingFields(logFormat: string | undefined): string[] {
    if (logFormat === undefined || logFormat.trim() === "") {
        return [];
    }
    const fields = [...logFormat.matchAll(/\$\{([a-z0-9-]+)\}/g)].map(m => m[1]);
    return REQUIRED_FIELDS.filter(f => !fields.includes(f));
}

export const vpcFlowLogs = stackPolicy<{ minimumRetentionDays: number }>({
    name: "vpc-flow-logs",
    description: "Every VPC of the stack has a flow log on the VPC itself (its vpcId, as AWS receives it, names that VPC; not one subnet or interface) recording ALL traffic, in the default format or a custom one keeping addresses, ports, protocol and action, delivered to a log group kept at least the audit retention, or to S3.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: GUIDE_NETWORK,
        fsbpControl: "EC2.6",
        remediationSteps: "Add an aws.ec2.FlowLog with vpcId the VPC's id (not subnetId or eniId) and trafficType \"ALL\", without logFormat or with one keeping ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${action}, writing to a log group of this stack whose retentionInDays is at least the audit minimum (365).",
    },
    config: { minimumRetentionDays: AUDIT_RETENTION_PROPERTY },
    types: [...VPC, ...FLOW_LOG],
    onlyWith: VPC[0],
    validate: (resources, report, { config }) => {
        const vpcs = ofType(resources, VPC);
        // The VPC id AWS receives decides: a flow log repointed by value (or in the deployed state)
        // beside its old dependency records another VPC, not this one.
        const vpcOf = valueLinker(vpcs, [ec2Id]);
        const destination = logTargetResolver(resources);
        const covered = new Set(ofType(resources, FLOW_LOG).flatMap(flowLog => {
            // A flow log on a subnet or interface (subnetId, eniId…) covers only that part of the VPC:
            // an extra one beside the VPC's may record less.
            const onVpc = known(() => flowLog.props.vpcId, "unknown") !== undefined;
            const traffic = knownString(flowLog, "trafficType") ?? "ALL";
            if (onVpc && traffic !== "ALL") {
                report(`flow log ${flowLog.name} records only ${traffic} traffic: ${traffic === "ACCEPT" ? "rejected connections" : "accepted connections (what got in)"} go unrecorded; set trafficType "ALL".`, flowLog.urn);
                return [];
            }
            const missing = missingFields(knownString(flowLog, "logFormat"));
            if (onVpc && missing.length > 0) {
                report(`flow log ${flowLog.name}'s logFormat leaves out ${missing.map(f => `\${${f}}`).join(", ")}: its records can't say who talked to whom or whether it was allowed; keep them or drop logFormat.`, flowLog.urn);
                return [];
            }
            for (const problem of destinationProblems(destination(flowLog, "logDestination"), config.minimumRetentionDays)) {
                report(`flow log ${flowLog.name}: ${problem}.`, flowLog.urn);
            }
            const logged = onVpc ? vpcOf(flowLog, "vpcId") : [];
            if (onVpc && logged.length === 0 && known(() => flowLog.props.vpcId, undefined) !== undefined) {
                report(`flow log ${flowLog.name}.vpcId names ${knownString(flowLog, "vpcId") ?? "a value"}, no VPC of this stack: it records another network; set vpcId to the stack's VPC's id.`, flowLog.urn);
            }
            return logged;
        }));
        for (const vpc of vpcs.filter(v => !covered.has(v))) {
            report(`VPC ${vpc.name} has no flow log on the VPC itself recording all traffic (vpcId, trafficType "ALL").`, vpc.urn);
        }
    },
});
