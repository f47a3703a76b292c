import { stackPolicy } from "../lib/define";
import { GroupParameter, MINIMUM_MAX_CONNECTIONS, parameterProblems } from "../lib/facts/databaseModifications";
import { instanceClassGib } from "../lib/facts/rdsMaxConnections";
import { knownDeep, knownString, ofType, valueLinker } from "../lib/stack";
import { RDS_INSTANCE, RDS_PARAMETER_GROUP } from "../lib/tokens";

/** PostgreSQL major version of an engine version (`16`, `16.4`), or undefined. */
function engineMajor(version: string | undefined): string | undefined {
    return /^(\d+)(\.\d+)*$/.exec(version ?? "")?.[1];
}

export const rdsParametersFitInstance = stackPolicy<{ minimumMaxConnections: number }>({
    name: "rds-parameters-fit-instance",
    description: "Every PostgreSQL DB parameter group can be applied and started on the instances that use it (policy/lib/facts/databaseModifications.ts): " +
        "static parameters (shared_buffers, max_connections, shared_preload_libraries …) use the apply method pending-reboot (RDS refuses immediate); " +
        "shared_buffers, a number or a DBInstanceClassMemory formula, stays below the instance class's memory (PostgreSQL allocates it at start: above, the next reboot or failover leaves the instance in incompatible-parameters) " +
        "and work_mem and maintenance_work_mem (one operation's memory) stay below what it leaves; max_connections is at least minimumMaxConnections; the group's family is the instance's engine major version (postgres16 for 16.x). " +
        "A static value takes effect only at the next reboot, so it is judged by value, not by when it was changed.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Performance Optimization › Database Optimization; Maintenance Procedures › Regular Maintenance Tasks",
        fsbpControl: undefined,
        remediationSteps: "Keep memory parameters within the instance class (RDS's defaults: shared_buffers {DBInstanceClassMemory/32768}, 25 %; max_connections LEAST({DBInstanceClassMemory/9531392},5000)); " +
            "resize the class (expertconnect:database.instanceClass) rather than over-commit it, set static parameters with applyMethod pending-reboot, " +
            "and give the group the family of the engine version (components/data/databaseSettings.ts parameterGroupFamily).",
    },
    config: {
        minimumMaxConnections: {
            type: "integer", minimum: 1, default: MINIMUM_MAX_CONNECTIONS,
            description: `Fewest connections a group's max_connections may allow (default ${MINIMUM_MAX_CONNECTIONS}: PostgreSQL's default, which the guide's connections alarm assumes).`,
        },
    },
    types: [...RDS_INSTANCE, ...RDS_PARAMETER_GROUP],
    onlyWith: RDS_PARAMETER_GROUP[0],
    validate: (resources, report, { config }) => {
        const groups = ofType(resources, RDS_PARAMETER_GROUP).filter(g => (knownString(g, "family") ?? "").startsWith("postgres"));
        const groupsOf = valueLinker(groups, ["name", "id"]);
        const users = new Map(groups.map(g => [g, [] as typeof resources]));
        for (const db of ofType(resources, RDS_INSTANCE)) {
            for (const group of groupsOf(db, "parameterGroupName")) users.get(group)?.push(db);
        }
        for (const [group, dbs] of users) {
            const listed = knownDeep(() => group.props.parameters, null);
            if (!Array.isArray(listed)) continue; // unknown during preview: judged on the deployed state
            const parameters = listed as GroupParameter[];
            const family = knownString(group, "family") ?? "";
            // A group nothing uses yet is judged for what needs no instance class.
            const judged = dbs.length > 0 ? dbs : [undefined];
            const seen = new Set<string>();
            for (const db of judged) {
                const instanceClass = db ? knownString(db, "instanceClass") : undefined;
                const gib = instanceClass ? instanceClassGib(instanceClass) : undefined;
                const problems = parameterProblems(parameters, gib === undefined ? undefined : gib * 1024 ** 3, config.minimumMaxConnections);
                const major = engineMajor(db ? knownString(db, "engineVersion") : undefined);
                if (db && major !== undefined && family !== `postgres${major}`) {
                    problems.push(`its family is ${family} but ${db.name} runs PostgreSQL ${major}: RDS refuses a parameter group of another family (postgres${major}), and a major upgrade without one falls back to the default group, without the program's parameters`);
                }
                for (const problem of problems) {
                    const message = `parameter group ${group.name}${db ? ` of ${db.name} (${instanceClass ?? "class unknown"})` : ""}: ${problem}.`;
                    if (!seen.has(message)) report(message, group.urn);
                    seen.add(message);
                }
            }
        }
    },
});
