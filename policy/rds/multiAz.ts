import { resourcePolicy } from "../lib/define";
import { failoverPhase, productionEvidence } from "../lib/role";
import { RDS_INSTANCE } from "../lib/tokens";
import { isReplica } from "./instance";

export const rdsMultiAz = resourcePolicy({
    name: "rds-multi-az",
    description: "RDS primaries that serve production (prod, or dr once promoted) run Multi-AZ.",
    enforcementLevel: "mandatory",
    environments: ["prod", "dr"],
    metadata: {
        severity: "medium",
        guideSection: "Disaster Recovery › Disaster Recovery Plan",
        fsbpControl: "RDS.5",
        remediationSteps: "Set multiAz: true on the production primary (expertconnect:database.multiAz).",
    },
    types: RDS_INSTANCE,
    validate: (props, report, { args, config }) => {
        if (isReplica(props)) {
            return args.notApplicable("read replicas are exempt until promoted");
        }
        if (!productionEvidence(props, config.environment)) {
            return args.notApplicable("the instance does not serve production (dr stack, no failover phase promote/promoted)");
        }
        if (config.environment === "dr" && failoverPhase(props) === "promote") {
            return args.notApplicable("dr database tagged FailoverPhase=promote: Multi-AZ comes with the promoted phase");
        }
        if (props.multiAz !== true) {
            report("multiAz is not true: an AZ failure would take the database down until a restore.");
        }
    },
});
