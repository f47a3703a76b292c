import { GUIDE_DR } from "../dr/backupCopy";
import { resourcePolicy } from "../lib/define";
import { commitAcknowledgement, DURABLE_PARAMETERS, durabilityProblems, GroupParameter } from "../lib/facts/durableParameters";
import { RDS_CLUSTER_PARAMETER_GROUP, RDS_PARAMETER_GROUP } from "../lib/tokens";
import { GUIDE_RDS_BACKUP } from "./instance";

export const rdsParametersDurable = resourcePolicy({
    name: "rds-parameters-durable",
    description: "No PostgreSQL parameter group (DB or DB cluster, the dr replica's included: it stays attached after promotion) sets a parameter of " +
        "policy/lib/facts/durableParameters.ts to a value that loses or corrupts committed data, judged as PostgreSQL parses it (booleans by any spelling or unique prefix, enums with their aliases; " +
        `an unreadable value is refused too): ${DURABLE_PARAMETERS.map(p => p.name).join(", ")}. synchronous_commit=local is refused only where a synchronous standby acknowledges commits ` +
        "(a Multi-AZ DB cluster's group, or a group naming synchronous_standby_names): a Multi-AZ DB instance's standby is written below PostgreSQL, where local is the same as on.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: `${GUIDE_RDS_BACKUP} (what a commit promises survives a crash, a failover and a restore); ${GUIDE_DR} (the replica's parameter group is the promoted primary's)`,
        fsbpControl: undefined,
        remediationSteps: "Remove the parameter from the group (every default is the durable value) and reboot if it is static. " +
            "For a bulk load or a data fix, set the speed-up in the session that does it, never in the group: SET synchronous_commit = off (the loss is confined to the load, which can be re-run), " +
            "SET session_replication_role = replica in the loader's own session (as AWS DMS does with afterConnectScript). " +
            "Damaged pages or checksums are recovered by a point-in-time restore, not by zero_damaged_pages or ignore_checksum_failure.",
    },
    types: [...RDS_PARAMETER_GROUP, ...RDS_CLUSTER_PARAMETER_GROUP],
    validate: (props, report, { args }) => {
        const family = typeof props.family === "string" ? props.family : "";
        if (!/^(aurora-)?postgres/.test(family)) {
            return args.notApplicable("not a PostgreSQL parameter group");
        }
        const parameters: GroupParameter[] = Array.isArray(props.parameters) ? props.parameters : [];
        // A DB cluster parameter group of a postgres family is a Multi-AZ DB cluster's (Aurora's are aurora-postgresql).
        const multiAzCluster = args.type === RDS_CLUSTER_PARAMETER_GROUP[0] && family.startsWith("postgres");
        for (const problem of durabilityProblems(parameters, commitAcknowledgement(parameters, multiAzCluster))) {
            report(`${problem}.`);
        }
    },
});
