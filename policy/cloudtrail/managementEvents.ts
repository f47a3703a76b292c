import { resourcePolicy } from "../lib/define";
import { CLOUDTRAIL_TRAIL } from "../lib/tokens";
import { managementGaps } from "./events";
import { GUIDE_CLOUDTRAIL } from "./trail";

export const cloudtrailManagementEvents = resourcePolicy({
    name: "cloudtrail-management-events",
    description: "CloudTrail trails record every read and write management event of every service, global services' included, whatever their event selectors say (no excluded event sources or event names).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_CLOUDTRAIL,
        fsbpControl: "CloudTrail.1",
        remediationSteps: "Remove the event selectors, or make one include management events with readWriteType \"All\" (advanced: eventCategory = Management without a readOnly, eventSource or eventName filter), without excludeManagementEventSources; keep includeGlobalServiceEvents true.",
    },
    types: CLOUDTRAIL_TRAIL,
    validate: (props, report) => {
        for (const gap of managementGaps(props)) {
            report(`${gap}.`);
        }
    },
});
