// A store's update claims as the webhook core's UpdateClaims: shared by every instance that uses the
// same database, unlike createMemoryClaims().
import type { UpdateClaims } from "../runtime/update-claims.js";
import type { Store } from "./types.js";

export function claimsFromStore(
  store: Pick<Store, "claimUpdate" | "finishUpdate" | "releaseUpdate">,
): UpdateClaims {
  return {
    claim: (updateId, options) => store.claimUpdate(updateId, options),
    finish: (updateId) => store.finishUpdate(updateId),
    release: (updateId) => store.releaseUpdate(updateId),
  };
}
