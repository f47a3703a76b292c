import { resourcePolicy } from "../lib/define";
import { RDS_INSTANCE } from "../lib/tokens";
import { GUIDE_RDS_BACKUP } from "./instance";

const RDS_CLUSTER = "aws:rds/cluster:Cluster";

export const rdsCopyTagsToSnapshot = resourcePolicy({
    name: "rds-copy-tags-to-snapshot",
    description: "Every RDS instance (a read replica included: its snapshots are the dr copy's after promotion) and Aurora cluster copies its tags to its snapshots, " +
        "so snapshots keep the Project, Environment and Component tags that cost reports, backup selections and IAM conditions read.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "low",
        guideSection: `${GUIDE_RDS_BACKUP} (snapshots)`,
        fsbpControl: "RDS.17",
        remediationSteps: "Set copyTagsToSnapshot: true (AWS's default is false); it applies in place.",
    },
    types: [...RDS_INSTANCE, RDS_CLUSTER],
    validate: (props, report) => {
        // AWS's default is false, so leaving the input out is as bad as false (FSBP RDS.17, RDS.16 for clusters).
        if (props.copyTagsToSnapshot !== true) {
            report(`copyTagsToSnapshot is ${props.copyTagsToSnapshot === false ? "false" : "not set (AWS's default is false)"}: its snapshots carry none of its tags.`);
        }
    },
});
