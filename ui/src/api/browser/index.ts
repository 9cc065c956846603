// The browser student's protocol client: what the browser build of the UI
// (../web.ts, swapped in for ../index.ts by ui/vite.web.config.ts) uses in
// place of the Tauri shell (see client.ts for the guarantees).

export { BrowserClient, ClientError, backoffMs, connect } from "./client";
export type { Backfill, BrowserClientOptions, WebSocketFactory, WebSocketLike } from "./client";
export { SeatStore, browserStorage, seatKey } from "./storage";
export type { Seat, StorageLike } from "./storage";
export type { ClientFrame, ServerFrame, Welcome } from "./protocol";
