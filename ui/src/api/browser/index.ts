// The browser student's protocol client: what a browser build of the UI
// will use in place of the Tauri shell (see client.ts for the guarantees).
// Not wired into the UI yet.

export { BrowserClient, ClientError, backoffMs, connect } from "./client";
export type { Backfill, BrowserClientOptions, WebSocketFactory, WebSocketLike } from "./client";
export { SeatStore, browserStorage, seatKey } from "./storage";
export type { Seat, StorageLike } from "./storage";
export type { ClientFrame, ServerFrame, Welcome } from "./protocol";
