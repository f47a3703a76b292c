/** A minimal valid raw config for the prod stack, as `pulumi.runtime.allConfig()` returns it. */
export function prodConfig(overrides: Record<string, unknown> = {}): Record<string, string> {
    const base: Record<string, unknown> = {
        "aws:region": "us-east-1",
        "expertconnect:environment": "prod",
        "expertconnect:loadBalancer": {
            certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
        },
        "expertconnect:monitoring": { alarmEmails: ["oncall@expertconnect.example"] },
    };
    const merged = { ...base, ...overrides };
    return Object.fromEntries(
        Object.entries(merged)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
}
