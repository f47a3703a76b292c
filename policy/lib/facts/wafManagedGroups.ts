/**
 * The AWS managed rule groups every web ACL in front of the application's load balancers runs
 * (vendor AWS), in the order the program evaluates them after the per-IP rate limit
 * (components/security/wafRules.ts builds its rules from this list): the common rule set
 * (OWASP-style exploits), known bad inputs (Log4Shell and the like) and SQL injection. The pack
 * requires each of them, with its own actions, on every web ACL associated with a load balancer
 * of the stack, in prod and in dr alike.
 */
export const WAF_MANAGED_RULE_GROUPS = [
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesSQLiRuleSet",
] as const;

/** The vendor of the managed rule groups above. */
export const WAF_MANAGED_RULE_VENDOR = "AWS";

/** The labels one AWS managed rule group adds to the requests its rules match. */
export interface ManagedGroupLabels {
    /** The namespace every label of the group starts with (with its trailing colon). */
    namespace: string;
    /** Each rule's label, by rule name; undefined when the group's list is not kept here (only its namespace is known). */
    labels?: Readonly<Record<string, string>>;
}

const labelled = (namespace: string, rules: Record<string, string>): ManagedGroupLabels =>
    ({ namespace, labels: Object.fromEntries(Object.entries(rules).map(([rule, name]) => [rule, `${namespace}${name}`])) });

/**
 * What AWS's managed rule groups label, as the WAF Developer Guide lists them ("AWS Managed Rules
 * rule groups list": baseline, use-case and IP reputation groups). A label is case-sensitive
 * ("Label syntax and naming requirements") and is not the rule's name: the common rule set's
 * rule SizeRestrictions_BODY adds `awswaf:managed:aws:core-rule-set:SizeRestrictions_Body`. A
 * label match that names anything else in a group's namespace never matches.
 */
export const WAF_MANAGED_GROUP_LABELS: Readonly<Record<string, ManagedGroupLabels>> = {
    "AWS/AWSManagedRulesCommonRuleSet": labelled("awswaf:managed:aws:core-rule-set:", {
        NoUserAgent_HEADER: "NoUserAgent_Header",
        UserAgent_BadBots_HEADER: "BadBots_Header",
        SizeRestrictions_QUERYSTRING: "SizeRestrictions_QueryString",
        SizeRestrictions_Cookie_HEADER: "SizeRestrictions_Cookie_Header",
        SizeRestrictions_BODY: "SizeRestrictions_Body",
        SizeRestrictions_URIPATH: "SizeRestrictions_URIPath",
        EC2MetaDataSSRF_BODY: "EC2MetaDataSSRF_Body",
        EC2MetaDataSSRF_COOKIE: "EC2MetaDataSSRF_Cookie",
        EC2MetaDataSSRF_URIPATH: "EC2MetaDataSSRF_URIPath",
        EC2MetaDataSSRF_QUERYARGUMENTS: "EC2MetaDataSSRF_QueryArguments",
        GenericLFI_QUERYARGUMENTS: "GenericLFI_QueryArguments",
        GenericLFI_URIPATH: "GenericLFI_URIPath",
        GenericLFI_BODY: "GenericLFI_Body",
        RestrictedExtensions_URIPATH: "RestrictedExtensions_URIPath",
        RestrictedExtensions_QUERYARGUMENTS: "RestrictedExtensions_QueryArguments",
        GenericRFI_QUERYARGUMENTS: "GenericRFI_QueryArguments",
        GenericRFI_BODY: "GenericRFI_Body",
        GenericRFI_URIPATH: "GenericRFI_URIPath",
        CrossSiteScripting_COOKIE: "CrossSiteScripting_Cookie",
        CrossSiteScripting_QUERYARGUMENTS: "CrossSiteScripting_QueryArguments",
        CrossSiteScripting_BODY: "CrossSiteScripting_Body",
        CrossSiteScripting_URIPATH: "CrossSiteScripting_URIPath",
    }),
    "AWS/AWSManagedRulesKnownBadInputsRuleSet": labelled("awswaf:managed:aws:known-bad-inputs:", {
        JavaDeserializationRCE_HEADER: "JavaDeserializationRCE_Header",
        JavaDeserializationRCE_BODY: "JavaDeserializationRCE_Body",
        JavaDeserializationRCE_URIPATH: "JavaDeserializationRCE_URIPath",
        JavaDeserializationRCE_QUERYSTRING: "JavaDeserializationRCE_QueryString",
        Host_localhost_HEADER: "Host_Localhost_Header",
        PROPFIND_METHOD: "Propfind_Method",
        ExploitablePaths_URIPATH: "ExploitablePaths_URIPath",
        Log4JRCE_HEADER: "Log4JRCE_Header",
        Log4JRCE_QUERYSTRING: "Log4JRCE_QueryString",
        Log4JRCE_BODY: "Log4JRCE_Body",
        Log4JRCE_URIPATH: "Log4JRCE_URIPath",
        ReactJSRCE_BODY: "ReactJSRCE_Body",
    }),
    "AWS/AWSManagedRulesSQLiRuleSet": labelled("awswaf:managed:aws:sql-database:", {
        SQLi_QUERYARGUMENTS: "SQLi_QueryArguments",
        SQLiExtendedPatterns_QUERYARGUMENTS: "SQLiExtendedPatterns_QueryArguments",
        SQLi_BODY: "SQLi_Body",
        SQLiExtendedPatterns_BODY: "SQLiExtendedPatterns_Body",
        SQLiExtendedPatterns_HEADER: "SQLiExtendedPatterns_Header",
        SQLiExtendedPatterns_URIPATH: "SQLiExtendedPatterns_UriPath",
        SQLi_COOKIE: "SQLi_Cookie",
        SQLi_URIPATH: "SQLi_URIPath",
    }),
    "AWS/AWSManagedRulesAdminProtectionRuleSet": labelled("awswaf:managed:aws:admin-protection:", { AdminProtection_URIPATH: "AdminProtection_URIPath" }),
    "AWS/AWSManagedRulesAmazonIpReputationList": labelled("awswaf:managed:aws:amazon-ip-list:", {
        AWSManagedIPReputationList: "AWSManagedIPReputationList",
        AWSManagedReconnaissanceList: "AWSManagedReconnaissanceList",
        AWSManagedIPDDoSList: "AWSManagedIPDDoSList",
    }),
    "AWS/AWSManagedRulesAnonymousIpList": labelled("awswaf:managed:aws:anonymous-ip-list:", { AnonymousIPList: "AnonymousIPList", HostingProviderIPList: "HostingProviderIPList" }),
    "AWS/AWSManagedRulesBotControlRuleSet": { namespace: "awswaf:managed:aws:bot-control:" },
};

/**
 * The common rule set's body-size rule and its label: it blocks any body over 8 KB (for an ALB,
 * WAF inspects only the first 8 KB, so a larger body hides a payload from every other rule).
 * The program counts it on the large-body paths and blocks its label everywhere else.
 */
export const WAF_BODY_SIZE_GROUP = "AWS/AWSManagedRulesCommonRuleSet";
export const WAF_BODY_SIZE_RULE = "SizeRestrictions_BODY";
export const WAF_BODY_SIZE_LABEL = WAF_MANAGED_GROUP_LABELS[WAF_BODY_SIZE_GROUP].labels![WAF_BODY_SIZE_RULE];
