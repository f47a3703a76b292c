/**
 * Class 3: GuardDuty silenced by a trusted IP list. GuardDuty produces no finding for traffic
 * from any address on an active list, so a list in a bucket the application can write, or one
 * the stack fills with the whole internet, turns detection off for whoever is on it.
 */
import { Case, add, all, suite, tags } from "./support";

const IP_SET = "aws:guardduty/iPSet:IPSet";
const DETECTOR = "a1bebc75-c4f1-4314-a066-a9d939ad472a";
const list = (location: string, activate = true) =>
    add(IP_SET, "trusted", { detectorId: DETECTOR, name: "trusted", format: "TXT", location, activate, tags: tags("threat-detection") });
const file = (bucket: string, key: string, content: string) =>
    add("aws:s3/bucketObjectv2:BucketObjectv2", "trusted-list", { bucket, key, content, contentType: "text/plain", tags: tags("threat-detection") });

const violations: Case[] = [
    { name: "a trusted IP list activated from the static bucket the application writes", change: list("https://s3.amazonaws.com/expertconnect-prod-static/trusted-ips.txt") },
    { name: "a trusted IP list of 0.0.0.0/1 and 128.0.0.0/1 the stack uploads itself",
      change: all(file("expertconnect-prod-static", "guardduty/trusted.txt", "0.0.0.0/1\n128.0.0.0/1\n"), list("https://expertconnect-prod-static.s3.amazonaws.com/guardduty/trusted.txt")) },
    { name: "dr: a trusted IP list activated from the dr static bucket", stack: "dr",
      change: add(IP_SET, "trusted", { detectorId: "c58ce93f-3303-49d8-af42-13039ed3f06c", name: "trusted", format: "TXT", location: "s3://expertconnect-dr-static/trusted.txt", activate: true, tags: tags("threat-detection", "dr") }) },
];

const compliant: Case[] = [
    { name: "a trusted IP list uploaded but left inactive", change: list("https://s3.amazonaws.com/expertconnect-prod-static/trusted-ips.txt", false) },
];

suite("class 3: GuardDuty trusted IP lists", violations, compliant);
