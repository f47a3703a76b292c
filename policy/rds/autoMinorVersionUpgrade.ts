import { resourcePolicy } from "../lib/define";
import { RDS_INSTANCE } from "../lib/tokens";

export const rdsAutoMinorVersionUpgrade = resourcePolicy({
    name: "rds-auto-minor-version-upgrade",
    description: "RDS applies minor engine upgrades (security fixes) in the maintenance window.",
    enforcementLevel: "advisory",
    metadata: {
        severity: "low",
        guideSection: "Security Maintenance › Regular Security Tasks › Update dependencies",
        fsbpControl: "RDS.13",
        remediationSteps: "Remove autoMinorVersionUpgrade: false (the default is true).",
    },
    types: RDS_INSTANCE,
    validate: (props, report) => {
        if (props.autoMinorVersionUpgrade === false) {
            report("autoMinorVersionUpgrade is false.");
        }
    },
});
