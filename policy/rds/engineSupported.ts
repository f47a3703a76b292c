import { resourcePolicy } from "../lib/define";
import { RDS_INSTANCE } from "../lib/tokens";
import { caProblem, postgresMajor, postgresSupportProblem } from "./engine";

export const rdsEngineSupported = resourcePolicy({
    name: "rds-engine-supported",
    description: "RDS runs a PostgreSQL major version in RDS standard support and a certificate authority that has not expired.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Security Maintenance › Regular Security Tasks › Update dependencies",
        fsbpControl: undefined,
        remediationSteps: "Upgrade engineVersion to a supported major (expertconnect:database.engineVersion) and set caCertIdentifier to rds-ca-rsa2048-g1 " +
            "(or rds-ca-rsa4096-g1 / rds-ca-ecc384-g1). Dates: policy/rds/engine.ts, from AWS's RDS for PostgreSQL release calendar.",
    },
    types: RDS_INSTANCE,
    validate: (props, report, { args }) => {
        const today = new Date();
        const ca = props.caCertIdentifier;
        if (typeof ca === "string") {
            const problem = caProblem(ca, today);
            if (problem) {
                report(`${problem}.`);
            }
        }
        // A replica takes its source's engine; a missing engine is caught when the source is judged.
        const engine = typeof props.engine === "string" ? props.engine : undefined;
        if (engine !== undefined && engine !== "postgres") {
            return args.notApplicable(`no support calendar for engine '${engine}'`);
        }
        const major = postgresMajor(props.engineVersion);
        if (major !== undefined) {
            const problem = postgresSupportProblem(major, today);
            if (problem) {
                report(`${problem}: RDS charges Extended Support or upgrades the engine itself, outside the project's control.`);
            }
        }
    },
});
