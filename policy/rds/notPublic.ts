import { resourcePolicy } from "../lib/define";
import { RDS_INSTANCE } from "../lib/tokens";

export const rdsNotPublic = resourcePolicy({
    name: "rds-not-publicly-accessible",
    description: "RDS instances are not publicly accessible.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        guideSection: "Security Maintenance › AWS Security Best Practices",
        fsbpControl: "RDS.2",
        remediationSteps: "Remove publiclyAccessible (or set it to false) and place the instance in the isolated subnets; reach it through ECS Exec or a bastion in the VPC.",
    },
    types: RDS_INSTANCE,
    validate: (props, report) => {
        if (props.publiclyAccessible === true) {
            report("publiclyAccessible is true.");
        }
    },
});
