/**
 * The buckets the application is told about, by the setting that names them (an SSM parameter
 * the backend reads into its environment), and what it does with each: the static bucket holds
 * collected static files and user uploads, which the backend writes and serves (read-write); the
 * backup bucket receives the guide's `aws s3 sync` of the static files (write: add and list only).
 * The program grants the task role from this (stack/compute.ts) and names the settings with it
 * (components/app/settings.ts); the pack verifies each use by simulation (policy/paths/buckets.ts).
 */

/** `read-write`: objects in and out; `write`: objects in only. */
export type BucketUse = "read-write" | "write";

export const APP_BUCKETS = {
    static: { setting: "STATIC_BUCKET", use: "read-write" },
    backup: { setting: "BACKUP_BUCKET", use: "write" },
} as const satisfies Record<string, { setting: string; use: BucketUse }>;

/** What the application does with the bucket a setting names; undefined for a setting that names no application bucket. */
export function appBucketUse(setting: string): BucketUse | undefined {
    return Object.values(APP_BUCKETS).find((b) => b.setting === setting)?.use;
}
