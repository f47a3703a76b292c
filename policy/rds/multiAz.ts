import { resourcePolicy } from "../lib/define";
import { RDS_INSTANCE } from "../lib/tokens";
import { isReplica } from "./instance";

export const rdsMultiAz = resourcePolicy({
    name: "rds-multi-az",
    description: "Production RDS primaries run Multi-AZ.",
    enforcementLevel: "mandatory",
    environments: ["prod"],
    metadata: {
        severity: "medium",
        guideSection: "Disaster Recovery › Disaster Recovery Plan",
        fsbpControl: "RDS.5",
        remediationSteps: "Set multiAz: true on the production primary (expertconnect:database.multiAz).",
    },
    types: RDS_INSTANCE,
    validate: (props, report, { args }) => {
        if (isReplica(props)) {
            return args.notApplicable("read replicas are exempt until promoted");
        }
        if (props.multiAz !== true) {
            report("multiAz is not true: an AZ failure would take the database down until a restore.");
        }
    },
});
