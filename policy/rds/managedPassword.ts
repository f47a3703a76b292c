import { resourcePolicy } from "../lib/define";
import { isGiven } from "../lib/props";
import { RDS_INSTANCE } from "../lib/tokens";
import { FAILOVER_PHASE_TAG } from "../lib/facts/failoverPhase";
import { isPromotedReplica, isReplica } from "./instance";

export const rdsManagedPassword = resourcePolicy({
    name: "rds-no-plaintext-password",
    description: "RDS master passwords are never config or a state output: RDS-managed (manageMasterUserPassword) or write-only (passwordWo, whose first value Pulumi keeps only encrypted among the state's inputs) from a Secrets Manager secret.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        guideSection: "Security Maintenance › Regular Security Tasks › Rotate credentials (database passwords)",
        fsbpControl: undefined,
        remediationSteps: "Remove password; set passwordWo (with passwordWoVersion) from a generated value kept in a rotated Secrets Manager " +
            "secret, or manageMasterUserPassword: true when no read replica is needed (RDS cannot replicate such an instance). " +
            "Replicas are exempt (their password is the source's), and so is the dr database once its promotion began " +
            `(tagged ${FAILOVER_PHASE_TAG}=promote or promoted, dr only): it keeps prod's password, in prod's replicated secret.`,
    },
    environments: ["prod", "dr"],
    types: RDS_INSTANCE,
    validate: (props, report, { args, config }) => {
        // A `password` input is in the state's inputs and outputs and read back by every refresh.
        // A write-only one is never read back or diffed: Pulumi keeps the value it sent once, as
        // an encrypted secret among the state's inputs (Pulumi docs, "Write-only fields").
        // A password computed by another new resource is unknown in preview, but still a password.
        if (isGiven(props, "password")) {
            report("password is set: the master password would live in stack config and state; use passwordWo or manageMasterUserPassword.");
            return;
        }
        if (isReplica(props)) {
            return args.notApplicable("read replicas have their source's master password");
        }
        if (isPromotedReplica(props, config.environment)) {
            return args.notApplicable(`dr database tagged ${FAILOVER_PHASE_TAG}=${props.tags?.[FAILOVER_PHASE_TAG]}: it keeps its source's master password`);
        }
        const writeOnly = isGiven(props, "passwordWo");
        if (props.manageMasterUserPassword !== true && !writeOnly) {
            report("neither manageMasterUserPassword nor passwordWo is set: the master password has no managed, rotatable source.");
        }
    },
});
