/**
 * What a GuardDuty trusted IP list holds, when the stack writes the file itself: GuardDuty
 * produces no finding for traffic from any address in it, so a list spanning address space
 * anyone can rent (the whole internet, a cloud provider's /8) silences detection for everyone.
 */
import { PolicyResource } from "@pulumi/policy";

import { knownString, ofType } from "../lib/stack";
import { S3_OBJECT } from "../lib/tokens";

/** The bucket and key of a list's `location` (path-style or virtual-hosted HTTPS URL, or s3://). */
export function objectOf(location: string): { bucket: string; key: string } | undefined {
    const patterns = [
        /^https:\/\/s3[.-](?:[a-z0-9-]+\.)?amazonaws\.com\/([^/]+)\/(.+)$/,
        /^https:\/\/([^/]+?)\.s3[.-](?:[a-z0-9-]+\.)?amazonaws\.com\/(.+)$/,
        /^s3:\/\/([^/]+)\/(.+)$/,
    ];
    for (const pattern of patterns) {
        const m = pattern.exec(location.trim());
        if (m) {
            return { bucket: m[1], key: decodeURIComponent(m[2]) };
        }
    }
    return undefined;
}

/** The addresses and CIDR blocks a list file names (one per line in TXT; any address-shaped token otherwise). */
export function listedAddresses(content: string): string[] {
    return content.split(/[\s,;"'<>]+/)
        .filter(token => /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f]*:[0-9a-f:]*)(\/\d{1,3})?$/i.test(token) && /[.:]/.test(token));
}

/** The content of the stack's S3 object at a list's location, when the stack writes it inline. */
export function listContent(resources: PolicyResource[], location: string): string | undefined {
    const object = objectOf(location);
    if (object === undefined) {
        return undefined;
    }
    const file = ofType(resources, S3_OBJECT).find(o => knownString(o, "bucket") === object.bucket && knownString(o, "key") === object.key);
    return file === undefined ? undefined : knownString(file, "content");
}
