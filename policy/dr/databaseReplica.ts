import { stackPolicy } from "../lib/define";
import { failoverPhase, SERVING_PHASES, stackPhase } from "../lib/role";
import { known, knownString, ofType, regionOf, regionOfArn } from "../lib/stack";
import { RDS_INSTANCE } from "../lib/tokens";
import { GUIDE_DR } from "./backupCopy";

export const drDatabaseReplica = stackPolicy({
    name: "dr-database-replica",
    description: "The dr stack holds a cross-region read replica of prod's database (every database, while on standby), or the promoted copy after a failover.",
    enforcementLevel: "mandatory",
    environments: ["dr"],
    metadata: {
        severity: "high",
        guideSection: `${GUIDE_DR} (create-db-instance-read-replica expertconnect-dr-db)`,
        fsbpControl: undefined,
        remediationSteps: "Create expertconnect-dr-db with replicateSourceDb set to prod's instance ARN (from the prod stack reference) and a kmsKeyId in the dr region.",
    },
    validate: (resources, report) => {
        const instances = ofType(resources, RDS_INSTANCE);
        if (instances.length === 0) {
            report("the dr stack has no database: neither a replica of prod nor a promoted copy.");
            return;
        }
        const stackWide = stackPhase(resources);
        for (const db of instances) {
            // Until a failover begins the dr stack is on standby and its databases must replicate prod.
            // The database's own phase tag decides, then the stack's drPhase output; a tag elsewhere does not.
            const phase = failoverPhase(db.props) ?? stackWide;
            const standby = phase === undefined || !SERVING_PHASES.includes(phase);
            if (standby && !known(() => "replicateSourceDb" in db.props && db.props.replicateSourceDb !== "", true)) {
                report(`database ${db.name} is a standalone database while the dr stack is on standby: it holds none of prod's data ` +
                    "(set replicateSourceDb to prod's instance ARN; only a failover, FailoverPhase=promote, removes it).", db.urn);
                continue;
            }
            const source = knownString(db, "replicateSourceDb");
            const region = regionOf(db);
            // RDS accepts a bare identifier only for a replica in the same region; cross-region needs the ARN.
            const sourceRegion = source?.startsWith("arn:") ? regionOfArn(source) : source !== undefined ? region : undefined;
            if (source !== undefined && sourceRegion !== undefined && sourceRegion === region) {
                report(`database ${db.name} replicates ${source} from its own region ${region}: it does not survive a regional outage.`, db.urn);
            }
        }
    },
});
