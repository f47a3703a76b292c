import { resourcePolicy } from "../lib/define";
import { isGiven } from "../lib/props";
import { productionEvidence } from "../lib/role";
import { RDS_INSTANCE } from "../lib/tokens";
import { GUIDE_RDS_BACKUP, isReplica } from "./instance";

export const rdsDeletionProtection = resourcePolicy({
    name: "rds-deletion-protection",
    description: "RDS primaries that serve production (prod, or dr once a failover began) have deletion protection and take a final snapshot when deleted.",
    enforcementLevel: "mandatory",
    environments: ["prod", "dr"],
    metadata: {
        severity: "high",
        guideSection: GUIDE_RDS_BACKUP,
        fsbpControl: "RDS.8",
        remediationSteps: "Set deletionProtection: true, leave skipFinalSnapshot false and set finalSnapshotIdentifier.",
    },
    types: RDS_INSTANCE,
    validate: (props, report, { args, config }) => {
        if (isReplica(props)) {
            return args.notApplicable("read replicas are exempt until promoted");
        }
        if (!productionEvidence(props, config.environment)) {
            return args.notApplicable("the instance does not serve production (dr stack, no failover phase promote/promoted)");
        }
        if (props.deletionProtection !== true) {
            report("deletionProtection is not true.");
        }
        if (props.skipFinalSnapshot === true) {
            report("skipFinalSnapshot is true: deleting the instance would leave no snapshot.");
        } else if (!isGiven(props, "finalSnapshotIdentifier")) {
            report("finalSnapshotIdentifier is not set: RDS cannot take the final snapshot on delete.");
        }
    },
});
