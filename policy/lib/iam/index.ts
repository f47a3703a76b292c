/** The pack's IAM evaluation core: see README.md in this folder. */
export * from "./arn";
export * from "./catalog";
export * from "./conditions";
export * from "./document";
export * from "./evaluate";
export * from "./grants";
export * from "./principals";
