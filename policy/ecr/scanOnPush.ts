import { resourcePolicy } from "../lib/define";
import { ECR_REPOSITORY } from "../lib/tokens";

/** The guide's deploy step that pushes images to ECR. */
export const GUIDE_ECR = "Update Procedures › Code Updates (ECR push, force-new-deployment)";

export const ecrScanOnPush = resourcePolicy({
    name: "ecr-scan-on-push",
    description: "ECR repositories scan images for vulnerabilities on push.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: `${GUIDE_ECR}; Security Maintenance › Scan for vulnerabilities`,
        fsbpControl: "ECR.1",
        remediationSteps: "Set imageScanningConfiguration: { scanOnPush: true }.",
    },
    types: ECR_REPOSITORY,
    validate: (props, report) => {
        if (props.imageScanningConfiguration?.scanOnPush !== true) {
            report("imageScanningConfiguration.scanOnPush is not true.");
        }
    },
});
