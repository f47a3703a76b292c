import { stackPolicy } from "../lib/define";
import { AUDIT_RETENTION_PROPERTY, destinationProblems, logTargetResolver } from "../lib/logDestination";
import { knownString, linker, ofType } from "../lib/stack";
import { FLOW_LOG, VPC } from "../lib/tokens";
import { GUIDE_NETWORK } from "../network/ingress";

/** Traffic types that record rejected connections (what EC2.6 asks for); ACCEPT alone does not. */
const RECORDS_REJECTS = ["ALL", "REJECT"];

export const vpcFlowLogs = stackPolicy<{ minimumRetentionDays: number }>({
    name: "vpc-flow-logs",
    description: "Every VPC of the stack has a flow log recording rejected traffic (ALL or REJECT), delivered to a log group kept at least the audit retention, or to S3.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: GUIDE_NETWORK,
        fsbpControl: "EC2.6",
        remediationSteps: "Add an aws.ec2.FlowLog with vpcId the VPC's id and trafficType \"ALL\", writing to a log group of this stack whose retentionInDays is at least the audit minimum (365).",
    },
    config: { minimumRetentionDays: AUDIT_RETENTION_PROPERTY },
    types: [...VPC, ...FLOW_LOG],
    onlyWith: VPC[0],
    validate: (resources, report, { config }) => {
        const vpcs = ofType(resources, VPC);
        const vpcOf = linker(vpcs, ["id"]);
        const destination = logTargetResolver(resources);
        const covered = new Set(ofType(resources, FLOW_LOG).flatMap(flowLog => {
            const traffic = knownString(flowLog, "trafficType") ?? "ALL";
            if (!RECORDS_REJECTS.includes(traffic)) {
                report(`flow log ${flowLog.name} records only ${traffic} traffic: rejected connections go unrecorded.`, flowLog.urn);
                return [];
            }
            for (const problem of destinationProblems(destination(flowLog, "logDestination"), config.minimumRetentionDays)) {
                report(`flow log ${flowLog.name}: ${problem}.`, flowLog.urn);
            }
            return vpcOf(flowLog, "vpcId");
        }));
        for (const vpc of vpcs.filter(v => !covered.has(v))) {
            report(`VPC ${vpc.name} has no flow log recording rejected traffic.`, vpc.urn);
        }
    },
});
