import { resourcePolicy } from "../lib/define";
import { RDS_INSTANCE } from "../lib/tokens";

const RDS_CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";

export const rdsAutoMinorVersionUpgrade = resourcePolicy({
    name: "rds-auto-minor-version-upgrade",
    description: "Every RDS instance, a read replica included, applies minor engine upgrades (security fixes) in its maintenance window: the program sends only the major version and leaves the minor one to RDS.",
    // Advisory by default, as the pack's specification marks it; the stacks' policy config
    // (policy/config/*.json) makes it mandatory, since the guide's commands depend on it.
    enforcementLevel: "advisory",
    metadata: {
        severity: "medium",
        guideSection: "Security Maintenance › Regular Security Tasks › Update dependencies",
        fsbpControl: "RDS.13",
        remediationSteps: "Remove autoMinorVersionUpgrade: false (the default is true); a replica needs it as much as its source, since it becomes the primary after a failover.",
    },
    types: [...RDS_INSTANCE, RDS_CLUSTER_INSTANCE],
    validate: (props, report) => {
        // AWS's default is true: only an explicit false turns upgrades off.
        if (props.autoMinorVersionUpgrade === false) {
            report("autoMinorVersionUpgrade is false: the instance keeps running minor versions with known vulnerabilities until someone upgrades it by hand.");
        }
    },
});
