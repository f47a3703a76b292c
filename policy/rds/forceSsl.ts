import { resourcePolicy } from "../lib/define";
import { isOn } from "../lib/facts/databaseParameters";
import { familyMajor } from "../lib/facts/statementLogging";
import { isGiven } from "../lib/props";
import { RDS_INSTANCE, RDS_PARAMETER_GROUP } from "../lib/tokens";
import { credentialParameterProblems, PASSWORD_ENCRYPTION } from "./credentialParameters";
import { postgresMajor } from "./engine";

/** From this major on, RDS for PostgreSQL's default for rds.force_ssl is 1 (before, 0). */
const FORCED_BY_DEFAULT_FROM = 15;

export const rdsForceSsl = resourcePolicy<{ allowedLogStatement: string[] }>({
    name: "rds-force-ssl",
    description: "PostgreSQL on RDS protects its credentials: it refuses unencrypted connections (rds.force_ssl on in the parameter group, or by default from PostgreSQL 15), " +
        `stores passwords as ${PASSWORD_ENCRYPTION} (password_encryption), and keeps them and the personal data statements carry out of its exported log: no route of policy/lib/facts/statementLogging.ts writes statement text ` +
        "beyond the slow-query log (log_statement within allowedLogStatement, no every-statement threshold or sampling, pgaudit without read/write/function/role classes or parameters, " +
        "auto_explain not at 0) nor bind values (log_parameter_max_length 0 while statements are logged, log_parameter_max_length_on_error 0).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Security Maintenance › AWS Security Best Practices (personal and payment data in transit)",
        fsbpControl: undefined,
        remediationSteps: "Set the parameter rds.force_ssl = 1 in the database's parameter group; before PostgreSQL 15 the instance needs its own " +
            "parameter group (the default group leaves it off). Remove log_statement (or set an allowed value) and password_encryption other than " + PASSWORD_ENCRYPTION + "; " +
            "set log_parameter_max_length=0, leave log_parameter_max_length_on_error at 0, and keep pgaudit to the ddl class and auto_explain to the slow-query threshold.",
    },
    config: {
        allowedLogStatement: {
            type: "array", items: { type: "string", enum: ["none", "ddl", "mod", "all"] }, default: ["none"],
            description: "log_statement values the parameter group may set. Default [\"none\"]: from ddl on, ALTER ROLE … PASSWORD is logged with the password; " +
                "widen it only where passwords are never set in SQL (RDS-managed master password, IAM database authentication).",
        },
    },
    types: [...RDS_PARAMETER_GROUP, ...RDS_INSTANCE],
    validate: (props, report, { args, config }) => {
        if (args.type === RDS_INSTANCE[0]) {
            const major = postgresMajor(props.engineVersion);
            if (props.engine !== "postgres" || major === undefined) {
                return args.notApplicable("not a PostgreSQL primary with a known version (a replica follows its source)");
            }
            if (major < FORCED_BY_DEFAULT_FROM && !isGiven(props, "parameterGroupName")) {
                report(`PostgreSQL ${major} with the default parameter group: rds.force_ssl is off by default before PostgreSQL ${FORCED_BY_DEFAULT_FROM}.`);
            }
            return;
        }
        const family = typeof props.family === "string" ? props.family : "";
        if (!family.startsWith("postgres")) {
            return args.notApplicable("not a PostgreSQL parameter group");
        }
        const parameters: { name?: string; value?: unknown }[] = Array.isArray(props.parameters) ? props.parameters : [];
        const forceSsl = parameters.filter(p => p.name === "rds.force_ssl");
        const major = Number(family.replace(/^postgres/, ""));
        if (forceSsl.length === 0) {
            if (major < FORCED_BY_DEFAULT_FROM) {
                report(`rds.force_ssl is not set and ${family} leaves it off by default.`);
            }
        } else if (!forceSsl.every(p => isOn(p.value))) {
            report("rds.force_ssl is off: clients may connect without TLS.");
        }
        for (const problem of credentialParameterProblems(parameters, config.allowedLogStatement, familyMajor(family))) {
            report(`${problem}.`);
        }
    },
});
