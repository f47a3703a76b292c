import { resourcePolicy } from "../lib/define";
import { RDS_INSTANCE } from "../lib/tokens";
import { GUIDE_RDS_BACKUP } from "./instance";

export const rdsKeepAutomatedBackups = resourcePolicy({
    name: "rds-keep-automated-backups",
    description: "Deleting an RDS instance keeps its automated backups (deleteAutomatedBackups is false), so a mistaken delete can still be restored to a point in time.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_RDS_BACKUP,
        fsbpControl: undefined,
        remediationSteps: "Set deleteAutomatedBackups: false (the provider's default is true).",
    },
    types: RDS_INSTANCE,
    validate: (props, report) => {
        // The provider's default is true: an instance that does not say false loses its backups with it.
        if (props.deleteAutomatedBackups !== false) {
            report(`deleteAutomatedBackups is ${props.deleteAutomatedBackups === true ? "true" : "not set (the provider defaults to true)"}: deleting the instance would delete its automated backups.`);
        }
    },
});
