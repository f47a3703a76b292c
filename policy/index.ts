import { PolicyPack } from "@pulumi/policy";

import { deserializeOncePerRequest } from "./lib/deserializeOnce";
import { policies } from "./policies";

deserializeOncePerRequest();

new PolicyPack("expertconnect-guard", {
    description: "Enforces the ExpertConnect operators' guide and the matching AWS Foundational Security Best Practices controls.",
    enforcementLevel: "mandatory",
    policies,
});
