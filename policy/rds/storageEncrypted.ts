import { resourcePolicy } from "../lib/define";
import { isAwsManagedKeyAlias } from "../lib/kms";
import { isGiven } from "../lib/props";
import { known } from "../lib/stack";
import { RDS_INSTANCE } from "../lib/tokens";
import { isReplica } from "./instance";

export const rdsStorageEncrypted = resourcePolicy({
    name: "rds-storage-encrypted",
    description: "RDS storage is encrypted with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Security Maintenance › AWS Security Best Practices (personal and payment data at rest)",
        fsbpControl: "RDS.3",
        remediationSteps: "Set storageEncrypted: true and kmsKeyId to the database's KMS key (a cross-region replica needs a key in its own region). " +
            "Encryption cannot be added in place: restore an encrypted snapshot copy.",
    },
    types: RDS_INSTANCE,
    validate: (props, report) => {
        // A replica inherits encryption from its source; what it must name is the key in its own region.
        if (!isReplica(props) && props.storageEncrypted !== true) {
            report("storageEncrypted is not true.");
        }
        if (!isGiven(props, "kmsKeyId")) {
            report("kmsKeyId is not set: storage would use the AWS-managed key (or none), which cannot be shared, rotated or audited per key.");
        } else if (isAwsManagedKeyAlias(known(() => props.kmsKeyId))) {
            report(`kmsKeyId names the AWS-managed key (${props.kmsKeyId}): its snapshots cannot be shared or copied under the project's key policy.`);
        }
    },
});
