import { PolicyPack } from "@pulumi/policy";

import { policies } from "./policies";

new PolicyPack("expertconnect-guard", {
    description: "Enforces the ExpertConnect operators' guide and the matching AWS Foundational Security Best Practices controls.",
    enforcementLevel: "mandatory",
    policies,
});
