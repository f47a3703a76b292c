import { stackPolicy } from "../lib/define";
import { known, linker, ofType } from "../lib/stack";
import { DEFAULT_SECURITY_GROUP, SECURITY_GROUP_INGRESS_RULE, SECURITY_GROUP_RULE, VPC } from "../lib/tokens";
import { GUIDE_NETWORK } from "../network/ingress";

/** Standalone egress rules (`aws.vpc.SecurityGroupEgressRule`), which can open a default group too. */
const SECURITY_GROUP_EGRESS_RULE = ["aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"] as const;

export const vpcDefaultSecurityGroupClosed = stackPolicy({
    name: "vpc-default-security-group-closed",
    description: "Every VPC of the stack takes over its default security group (aws.ec2.DefaultSecurityGroup) and leaves it without any inbound or outbound rule.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_NETWORK,
        fsbpControl: "EC2.2",
        remediationSteps: "Add an aws.ec2.DefaultSecurityGroup with vpcId the VPC's id and no ingress or egress, and attach no rule resources to it; give every workload its own group.",
    },
    types: [...VPC, ...DEFAULT_SECURITY_GROUP, ...SECURITY_GROUP_RULE, ...SECURITY_GROUP_INGRESS_RULE, ...SECURITY_GROUP_EGRESS_RULE],
    onlyWith: VPC[0],
    validate: (resources, report) => {
        const vpcs = ofType(resources, VPC);
        const vpcOf = linker(vpcs, ["id"]);
        const defaults = ofType(resources, DEFAULT_SECURITY_GROUP);
        const managed = new Set(defaults.flatMap(g => vpcOf(g, "vpcId")));
        for (const vpc of vpcs.filter(v => !managed.has(v))) {
            report(`VPC ${vpc.name}'s default security group is not managed by the stack: AWS creates it admitting all traffic between its members and all outbound traffic.`, vpc.urn);
        }
        for (const group of defaults) {
            for (const direction of ["ingress", "egress"] as const) {
                const rules = known(() => group.props[direction] as unknown, []);
                if (Array.isArray(rules) && rules.length > 0) {
                    report(`default security group ${group.name} has ${direction} rules; it must have none.`, group.urn);
                }
            }
        }
        const groupOf = linker(defaults, ["id"]);
        for (const rule of ofType(resources, [...SECURITY_GROUP_RULE, ...SECURITY_GROUP_INGRESS_RULE, ...SECURITY_GROUP_EGRESS_RULE])) {
            if (groupOf(rule, "securityGroupId").length > 0) {
                report(`rule ${rule.name} opens the default security group; it must have none.`, rule.urn);
            }
        }
    },
});
