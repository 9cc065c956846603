//! What can go wrong with the store, by what the caller can do about it.

use std::path::{Path, PathBuf};

use rusqlite::ffi::ErrorCode as SqliteCode;

/// An error of the durable store. Each variant says whether retrying helps
/// ([`StoreError::retry_helps`]) and what a user can do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database file is damaged (or is not a Classroom database). Retrying
    /// does not help; [`crate::store::Store::start_fresh`] moves it aside and
    /// starts an empty one.
    #[error("the class history in {path} is damaged and cannot be read ({detail})")]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        detail: String,
    },
    /// The database was written by a newer version of Classroom; update the
    /// app, or start fresh keeping the file aside. Retrying does not help.
    #[error(
        "the class history in {path} was saved by a newer version of Classroom; update Classroom to open it"
    )]
    TooNew {
        /// The database file.
        path: PathBuf,
    },
    /// The data folder or the database is read-only, or may not be opened by
    /// this user. Retrying does not help until the permissions are fixed or
    /// another folder is chosen.
    #[error(
        "cannot save class history in {path}: the folder or file is read-only or not accessible ({detail})"
    )]
    ReadOnly {
        /// The folder or file.
        path: PathBuf,
        /// What the system said.
        detail: String,
    },
    /// The disk holding the data folder is full. Retrying helps once space
    /// has been freed.
    #[error("cannot save class history in {path}: the disk is full")]
    Full {
        /// The database file.
        path: PathBuf,
    },
    /// Another program holds the database locked for longer than the busy
    /// timeout. Retrying helps.
    #[error("the class history in {path} is locked by another program; try again")]
    Busy {
        /// The database file.
        path: PathBuf,
    },
    /// No class with this session id is stored. Retrying does not help.
    #[error("no class with session id {0} is stored here")]
    NotFound(String),
    /// The data folder holds no class to resume. Retrying does not help.
    #[error("no class has been stored in {0} yet")]
    NoClasses(PathBuf),
    /// The class is being hosted now, by this process or another (a
    /// second window, `classroom host`); end it there first.
    #[error(
        "the class {0} is open now, here or in another Classroom window or terminal; end it there first"
    )]
    InUse(String),
    /// A file operation failed (creating the folder, moving a damaged file
    /// aside). Retrying may help.
    #[error("{what} {path}: {source}")]
    Io {
        /// What was being done.
        what: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The system's error.
        #[source]
        source: std::io::Error,
    },
    /// An export could not be written to its destination. Retrying may help.
    #[error("cannot write the transcript: {0}")]
    Export(#[source] std::io::Error),
    /// A time zone name the export was asked for is not known.
    #[error("unknown time zone {0:?}")]
    TimeZone(String),
    /// Any other SQLite failure. Retrying may help.
    #[error("class history in {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// SQLite's error.
        #[source]
        source: rusqlite::Error,
    },
}

impl StoreError {
    /// Whether trying the same thing again later may succeed.
    pub fn retry_helps(&self) -> bool {
        matches!(
            self,
            Self::Full { .. } | Self::Busy { .. } | Self::Io { .. } | Self::Export(_) | Self::Sqlite { .. }
        )
    }

    /// Whether the database is damaged, so the user should be offered to
    /// start fresh (keeping the damaged file aside).
    pub fn is_damaged(&self) -> bool {
        matches!(self, Self::Corrupt { .. } | Self::TooNew { .. })
    }

    /// Classifies a SQLite error on the database at `path`.
    pub(crate) fn sqlite(path: &Path, err: rusqlite::Error) -> Self {
        let path = path.to_owned();
        let detail = err.to_string();
        match err.sqlite_error_code() {
            Some(SqliteCode::DatabaseCorrupt | SqliteCode::NotADatabase) => Self::Corrupt { path, detail },
            Some(SqliteCode::ReadOnly | SqliteCode::CannotOpen | SqliteCode::PermissionDenied) => {
                Self::ReadOnly { path, detail }
            }
            Some(SqliteCode::DiskFull) => Self::Full { path },
            Some(SqliteCode::DatabaseBusy | SqliteCode::DatabaseLocked) => Self::Busy { path },
            _ => Self::Sqlite { path, source: err },
        }
    }

    /// Classifies a failed migration.
    pub(crate) fn migration(path: &Path, err: rusqlite_migration::Error) -> Self {
        use rusqlite_migration::{Error as M, MigrationDefinitionError as D, SchemaVersionError as V};
        match err {
            M::RusqliteError { err, .. } => Self::sqlite(path, err),
            M::MigrationDefinition(D::DatabaseTooFarAhead) | M::SpecifiedSchemaVersion(V::TooHigh) => {
                Self::TooNew { path: path.to_owned() }
            }
            other => Self::Corrupt { path: path.to_owned(), detail: other.to_string() },
        }
    }
}

/// Result with a [`StoreError`].
pub type StoreResult<T> = Result<T, StoreError>;
