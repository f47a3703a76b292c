import { resourcePolicy } from "../lib/define";
import { RDS_INSTANCE } from "../lib/tokens";

/** Log types FSBP RDS.9 expects per engine family. */
const REQUIRED_LOGS: Record<string, string[]> = {
    postgres: ["postgresql", "upgrade"],
    mysql: ["audit", "error", "general", "slowquery"],
    mariadb: ["audit", "error", "general", "slowquery"],
};

export const rdsLogExports = resourcePolicy({
    name: "rds-log-exports",
    description: "RDS exports its engine logs to CloudWatch Logs (PostgreSQL: postgresql and upgrade).",
    enforcementLevel: "advisory",
    metadata: {
        severity: "low",
        guideSection: "Performance Optimization › Database Optimization › Identify slow queries",
        fsbpControl: "RDS.9",
        remediationSteps: "Set enabledCloudwatchLogsExports to the engine's log types, e.g. [\"postgresql\", \"upgrade\"].",
    },
    types: RDS_INSTANCE,
    validate: (props, report, { args }) => {
        const engine = typeof props.engine === "string" ? props.engine : "";
        const family = Object.keys(REQUIRED_LOGS).find(f => engine.startsWith(f));
        if (!family) {
            return args.notApplicable(`no log requirement for engine '${engine}'`);
        }
        const exported: unknown[] = Array.isArray(props.enabledCloudwatchLogsExports) ? props.enabledCloudwatchLogsExports : [];
        const missing = REQUIRED_LOGS[family].filter(log => !exported.includes(log));
        if (missing.length > 0) {
            report(`enabledCloudwatchLogsExports lacks ${missing.join(", ")}.`);
        }
    },
});
