/**
 * The synthetic check's inputs, stated once: components/monitoring/canary/siteCheck.mjs reads
 * them from the canary's environment (runConfig.environmentVariables), SyntheticCheck sets them,
 * and the pack (synthetics-canary) judges their values as the script and its Node.js runtime
 * use them: the URL it probes, and the switches that turn certificate verification off (a check
 * that accepts any certificate stays green through an expired or wrong certificate, which every
 * user's browser refuses). Facts modules import nothing.
 */

/** The site the script opens first and resolves its API paths against. */
export const CANARY_SITE_URL_VARIABLE = "SITE_URL";

/** The script's switch for certificate names (set only for a host no certificate covers). */
export const CANARY_IGNORE_CERTIFICATE_NAME_VARIABLE = "IGNORE_CERTIFICATE_NAME";

/**
 * Variables that make the canary accept a certificate that does not verify, with the values that
 * do: the script's own switch (Playwright's ignoreHTTPSErrors), and Node.js's process-wide
 * NODE_TLS_REJECT_UNAUTHORIZED=0, which the runtime honours for every request the script makes.
 */
export const CANARY_VERIFICATION_SWITCHES: Readonly<Record<string, (value: string) => boolean>> = {
    [CANARY_IGNORE_CERTIFICATE_NAME_VARIABLE]: (value) => value === "true",
    NODE_TLS_REJECT_UNAUTHORIZED: (value) => value === "0",
};
