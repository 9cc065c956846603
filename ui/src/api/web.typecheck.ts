// Compile-time proof that ./web.ts can stand in for ./index.ts: the web
// build swaps one for the other (ui/vite.web.config.ts), while `tsc` checks
// the UI against ./index.ts only. So every value ./index.ts exports must be
// in ./web.ts with a type the UI may use in its place: the same signature,
// with the browser's `EventSubscription` where the desktop's is. A name
// missing from ./web.ts, or a signature that drifted, fails the type check.
// Never run; only type-checked.

import type * as Desktop from "./index";
import type * as Web from "./web";

/** A desktop type as the web build has it: its own subscription in place of the desktop's. */
type ForWeb<T> = T extends Desktop.EventSubscription ? Web.EventSubscription : T;

/** A desktop function with its subscription parameters and results swapped. */
type WebSignature<F> = F extends (...args: infer A) => infer R
  ? (...args: { [I in keyof A]: ForWeb<A[I]> }) => ForWeb<R>
  : F;

/** Everything ./index.ts exports as a value, as ./web.ts must have it. */
type WebSurface = {
  [K in Exclude<keyof typeof Desktop, "EventSubscription">]: WebSignature<(typeof Desktop)[K]>;
};

type Satisfies<T extends U, U> = [T, U];

export type WebStandsInForDesktop = Satisfies<typeof Web, WebSurface>;
/** The UI uses a subscription only to end it. */
export type WebSubscriptionEnds = Satisfies<Web.EventSubscription, Pick<Desktop.EventSubscription, "unsubscribe">>;
