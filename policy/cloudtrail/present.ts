import { stackPolicy } from "../lib/define";
import { known, knownDeep, ofType } from "../lib/stack";
import { CLOUDTRAIL_TRAIL } from "../lib/tokens";
import { managementGaps } from "./events";
import { GUIDE_CLOUDTRAIL } from "./trail";

export const cloudtrailPresent = stackPolicy<{ cloudTrailManagedByOrganization: boolean }>({
    name: "cloudtrail-present",
    description: "Prod owns a multi-region CloudTrail trail that is logging and records every read and write management event (one trail covers every region, so dr owns none), unless an organization trail covers the account.",
    enforcementLevel: "mandatory",
    environments: ["prod"],
    metadata: {
        severity: "high",
        guideSection: GUIDE_CLOUDTRAIL,
        fsbpControl: "CloudTrail.1",
        remediationSteps: "Create the trail expertconnect-trail in the prod stack, or set cloudTrailManagedByOrganization: true in policy config when an organization trail records the account.",
    },
    config: {
        cloudTrailManagedByOrganization: { type: "boolean", default: false, description: "An AWS Organizations trail already records this account." },
    },
    validate: (resources, report, { config, args }) => {
        if (config.cloudTrailManagedByOrganization) {
            return args.notApplicable("CloudTrail is managed by the organization");
        }
        const trails = ofType(resources, CLOUDTRAIL_TRAIL);
        const multiRegion = trails.filter(t => known(() => t.props.isMultiRegionTrail, true) === true);
        // Unknown selectors (preview) will hold a value: they count as recording.
        const recording = multiRegion.filter(t => known(() => t.props.enableLogging, true) !== false
            && managementGaps(knownDeep(() => ({
                advancedEventSelectors: t.props.advancedEventSelectors,
                eventSelectors: t.props.eventSelectors,
                includeGlobalServiceEvents: t.props.includeGlobalServiceEvents,
            }), {})).length === 0);
        if (trails.length === 0) {
            report("the stack has no CloudTrail trail.");
        } else if (multiRegion.length === 0) {
            report("the stack has no multi-region CloudTrail trail.");
        } else if (recording.length === 0) {
            report("no multi-region trail is logging every read and write management event (logging stopped, or event selectors narrow it).");
        }
    },
});
