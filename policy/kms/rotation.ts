import { resourcePolicy } from "../lib/define";
import { KMS_KEY } from "../lib/tokens";

/** The guide's credential-rotation task, which key rotation automates for KMS keys. */
export const GUIDE_KMS = "Security Maintenance › Regular Security Tasks › Rotate credentials";

export const kmsKeyRotation = resourcePolicy({
    name: "kms-key-rotation",
    description: "Symmetric KMS keys rotate their key material automatically.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: GUIDE_KMS,
        fsbpControl: "KMS.4",
        remediationSteps: "Set enableKeyRotation: true (asymmetric and HMAC keys cannot rotate and are exempt).",
    },
    types: KMS_KEY,
    validate: (props, report, { args }) => {
        const spec = props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
        if (spec !== "SYMMETRIC_DEFAULT") {
            return args.notApplicable(`key spec ${spec} does not support rotation`);
        }
        if (props.enableKeyRotation !== true) {
            report("enableKeyRotation is not true.");
        }
    },
});
