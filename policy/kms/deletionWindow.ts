import { resourcePolicy } from "../lib/define";
import { KMS_KEY } from "../lib/tokens";
import { GUIDE_KMS } from "./rotation";

export const kmsDeletionWindow = resourcePolicy<{ minimumDeletionWindowDays: number }>({
    name: "kms-deletion-window",
    description: "KMS keys wait at least the configured number of days before deletion, time to notice and cancel a mistaken delete.",
    enforcementLevel: "advisory",
    metadata: {
        severity: "medium",
        guideSection: GUIDE_KMS,
        fsbpControl: "KMS.3",
        remediationSteps: "Set deletionWindowInDays to at least the minimum (AWS allows 7–30; 30 when unset).",
    },
    config: {
        minimumDeletionWindowDays: { type: "integer", minimum: 7, maximum: 30, default: 14, description: "Fewest days a key waits before deletion." },
    },
    types: KMS_KEY,
    validate: (props, report, { config }) => {
        const days = props.deletionWindowInDays;
        if (typeof days === "number" && days < config.minimumDeletionWindowDays) {
            report(`deletionWindowInDays is ${days}; the minimum is ${config.minimumDeletionWindowDays}.`);
        }
    },
});
