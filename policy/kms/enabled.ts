import { resourcePolicy } from "../lib/define";
import { KMS_KEY } from "../lib/tokens";

export const kmsKeyEnabled = resourcePolicy({
    name: "kms-key-enabled",
    description: "Customer-managed KMS keys stay enabled: every key of the stack encrypts data (a database, a secret and its replica, a bucket, a backup vault, logs), and a disabled key makes that data unreadable and its copies unrestorable until someone enables it again.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Disaster Recovery › AWS Multi-Region Recovery (the replica, backup copies and secret replicas in us-west-2 are readable only through their keys)",
        fsbpControl: undefined,
        remediationSteps: "Set isEnabled: true on the key (or remove isEnabled, whose default is true); if a key really is retired, delete the resources it encrypts first, then schedule the key's deletion.",
    },
    types: KMS_KEY,
    // The state pass judges the deployed key too: a key disabled in the console shows in its outputs only.
    validate: (props, report) => {
        if (props.isEnabled === false) {
            report("isEnabled is false: the data this key encrypts cannot be decrypted (reads, restores and replication fail) until the key is enabled again.");
        }
    },
});
