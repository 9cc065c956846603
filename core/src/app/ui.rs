//! Constants a UI needs, defined once here. `core/tests/typescript.rs`
//! writes them into the UI's `ui/src/api/generated/constants.ts` (and fails
//! when that file is stale), so the UI never retypes them.

pub use super::error::AppErrorKind;
pub use super::qr::QUIET_ZONE as QR_QUIET_ZONE;
pub use crate::protocol::MAX_NAME_CHARS;

/// Every kind of error a command can fail with.
pub const APP_ERROR_KINDS: [AppErrorKind; 5] = AppErrorKind::ALL;
