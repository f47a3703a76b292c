import { resourcePolicy } from "../lib/define";
import { RDS_PARAMETER_GROUP } from "../lib/tokens";

interface Parameter {
    name?: string;
    value?: string;
}

export const rdsQueryInsight = resourcePolicy({
    name: "rds-parameter-group-query-insight",
    description: "PostgreSQL parameter groups load pg_stat_statements and log slow statements (log_min_duration_statement).",
    enforcementLevel: "advisory",
    metadata: {
        severity: "low",
        guideSection: "Performance Optimization › Database Optimization › Identify slow queries (ALTER SYSTEM does not work on RDS)",
        fsbpControl: undefined,
        remediationSteps: "Add shared_preload_libraries=pg_stat_statements (apply method pending-reboot) and log_min_duration_statement=1000 to the parameter group.",
    },
    types: RDS_PARAMETER_GROUP,
    validate: (props, report, { args }) => {
        if (typeof props.family !== "string" || !props.family.startsWith("postgres")) {
            return args.notApplicable("not a PostgreSQL parameter group");
        }
        const parameters: Parameter[] = Array.isArray(props.parameters) ? props.parameters : [];
        const value = (name: string) => parameters.find(p => p.name === name)?.value;
        const preload = (value("shared_preload_libraries") ?? "").split(",").map(s => s.trim());
        if (!preload.includes("pg_stat_statements")) {
            report("shared_preload_libraries does not include pg_stat_statements.");
        }
        const threshold = Number(value("log_min_duration_statement"));
        if (value("log_min_duration_statement") === undefined || Number.isNaN(threshold) || threshold < 0) {
            report("log_min_duration_statement is not set to a duration: slow queries are not logged.");
        }
    },
});
