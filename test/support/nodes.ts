// The Node.js binaries tests may run a process on: this one, and the Lambda runtime's (Node 24) when
// LAMBDA_NODE names one (CI fetches it from the npm registry; README, Development).
import { existsSync } from "node:fs";

export const LAMBDA_NODE = process.env.LAMBDA_NODE || undefined;
if (LAMBDA_NODE !== undefined && !existsSync(LAMBDA_NODE)) {
  throw new Error(`LAMBDA_NODE names no file: ${LAMBDA_NODE}`);
}

/** For it.each: this node, then LAMBDA_NODE if set. */
export const NODES = [
  { name: `this node, ${process.version}`, node: process.execPath },
  ...(LAMBDA_NODE === undefined ? [] : [{ name: "LAMBDA_NODE", node: LAMBDA_NODE }]),
];
