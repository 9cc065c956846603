//! Constants a UI needs, defined once here. `core/tests/typescript.rs`
//! writes them into the UI's `ui/src/api/generated/constants.ts` (and fails
//! when that file is stale), so the UI never retypes them.

pub use super::error::{AppErrorCode, AppErrorKind};
pub use super::qr::QUIET_ZONE as QR_QUIET_ZONE;
use crate::hub::Limits;
use crate::protocol::SessionLimits;
pub use crate::protocol::MAX_NAME_CHARS;

/// Every kind of error a command can fail with.
pub const APP_ERROR_KINDS: [AppErrorKind; 5] = AppErrorKind::ALL;

/// Every code a failed command carries; each one's params are
/// [`AppErrorCode::params`] (exported beside it, so a UI's catalogue can be
/// checked against them).
pub const APP_ERROR_CODES: [AppErrorCode; AppErrorCode::ALL.len()] = AppErrorCode::ALL;

/// What a hub with default settings tells its clients in its welcome; field
/// by field, also what a client takes for a limit an older hub leaves out.
pub fn default_session_limits() -> SessionLimits {
    Limits::default().session_limits()
}
