import { resourcePolicy } from "../lib/define";
import { isGiven } from "../lib/props";
import { LOAD_BALANCER } from "../lib/tokens";
import { requireApplication } from "./loadBalancer";

export const albAccessLogs = resourcePolicy({
    name: "alb-access-logs",
    description: "Application load balancers write access logs to S3.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: "Security Maintenance › Regular Security Tasks › Review access logs",
        fsbpControl: "ELB.5",
        remediationSteps: "Set accessLogs: { enabled: true, bucket: <ALB log bucket>, prefix: \"<stack>\" } (the bucket policy must admit the ELB log-delivery principal).",
    },
    types: LOAD_BALANCER,
    validate: (props, report, { args }) => {
        requireApplication(props, args);
        const logs = props.accessLogs;
        if (logs?.enabled !== true) {
            report("accessLogs.enabled is not true: there are no access logs to review.");
        } else if (!isGiven(logs, "bucket")) {
            report("accessLogs.bucket is not set.");
        }
    },
});
