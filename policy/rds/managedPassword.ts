import { resourcePolicy } from "../lib/define";
import { RDS_INSTANCE } from "../lib/tokens";
import { FAILOVER_PHASE_TAG, isPromoting, isReplica } from "./instance";

export const rdsManagedPassword = resourcePolicy({
    name: "rds-no-plaintext-password",
    description: "RDS master passwords are generated and rotated by RDS in Secrets Manager, never passed in.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        guideSection: "Security Maintenance › Regular Security Tasks › Rotate credentials (database passwords)",
        fsbpControl: undefined,
        remediationSteps: "Remove password and set manageMasterUserPassword: true (optionally masterUserSecretKmsKeyId); " +
            "applications read the secret RDS creates. The dr database is exempt during the promote phase of a failover (tagged FailoverPhase=promote).",
    },
    environments: ["prod", "dr"],
    types: RDS_INSTANCE,
    validate: (props, report, { args, config }) => {
        if (isPromoting(props, config.environment)) {
            return args.notApplicable(`dr database tagged ${FAILOVER_PHASE_TAG}=promote: the promoted phase has RDS manage the secret`);
        }
        // Even a Pulumi secret ends up in state and in the provider's plan; RDS-managed never leaves AWS.
        if (props.password !== undefined && props.password !== null) {
            report("password is set: the master password would live in stack config and state.");
        }
        if (!isReplica(props) && props.manageMasterUserPassword !== true) {
            report("manageMasterUserPassword is not true: the master password is not managed and rotated by RDS.");
        }
    },
});
