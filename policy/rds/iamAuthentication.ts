import { resourcePolicy } from "../lib/define";
import { RDS_INSTANCE } from "../lib/tokens";

export const rdsIamAuthentication = resourcePolicy({
    name: "rds-iam-authentication",
    description: "RDS instances accept IAM database authentication, so people and tasks can connect with short-lived tokens instead of shared passwords.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: "Security Maintenance › Regular Security Tasks › Rotate credentials (database passwords)",
        fsbpControl: "RDS.10",
        remediationSteps: "Set iamDatabaseAuthenticationEnabled: true (it applies in place, without a restart).",
    },
    types: RDS_INSTANCE,
    validate: (props, report) => {
        if (props.iamDatabaseAuthenticationEnabled !== true) {
            report("iamDatabaseAuthenticationEnabled is not true.");
        }
    },
});
