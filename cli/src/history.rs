//! The class history from the terminal: `classroom classes`, `export`,
//! `delete` and `retention`, and the data folder (`--data-dir`) every
//! command that reads the history opens, with advice when it cannot.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use classroom_core::store::{Durability, ExportFormat, ExportLanguage, ExportOptions, Store, StoreError};

/// Where the class history lives (`--data-dir`), for every command that reads it.
#[derive(Args, Clone)]
pub struct DataDir {
    /// The data folder holding the class history (classroom.db). Default:
    /// the platform's data folder, e.g. ~/.local/share/classroom.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

impl DataDir {
    /// The folder given, or the platform's.
    pub fn path(&self) -> Result<PathBuf> {
        match &self.data_dir {
            Some(dir) => Ok(dir.clone()),
            None => Store::default_dir()
                .context("this system has no home folder for the class history; give --data-dir DIR"),
        }
    }

    /// Opens the store, with advice when it cannot be.
    fn open(&self, durability: Durability) -> Result<Store> {
        let dir = self.path()?;
        Store::open_with(&dir, durability).map_err(|err| store_failure(err, &dir))
    }
}

/// A store error with what the user can do about it.
pub fn store_failure(err: StoreError, dir: &Path) -> anyhow::Error {
    let advice = if err.is_damaged() {
        "\n  To start fresh, keeping the damaged file aside: add --start-fresh to `classroom host`."
    } else if matches!(err, StoreError::ReadOnly { .. }) {
        "\n  Choose a folder you can write to with --data-dir DIR, or host without history (--no-store)."
    } else if matches!(err, StoreError::Full { .. }) {
        "\n  Free some space on that disk, or choose another folder with --data-dir DIR."
    } else {
        ""
    };
    anyhow::anyhow!("{err} (data folder {}){advice}", dir.display())
}

#[derive(Args)]
pub struct ClassesArgs {
    #[command(flatten)]
    data: DataDir,
    /// Print JSON (an array of classes).
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct ExportArgs {
    /// The class's session id (as `classroom classes` lists it).
    session: String,
    /// md (Markdown), csv or json for the transcript (Markdown and JSON
    /// with the polls), or gradebook: a CSV of each student's poll answers
    /// and score.
    #[arg(long, default_value = "md")]
    format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Show times in this IANA time zone (e.g. Europe/Madrid) instead of the system's.
    #[arg(long, value_name = "ZONE")]
    time_zone: Option<String>,
    /// The language of the headers and labels: en or es (JSON keys stay English).
    #[arg(long, default_value = "en", value_name = "LANG")]
    language: ExportLanguage,
    #[command(flatten)]
    data: DataDir,
}

#[derive(Args)]
pub struct DeleteArgs {
    /// The class's session id.
    session: String,
    #[command(flatten)]
    data: DataDir,
}

#[derive(Args)]
pub struct RetentionArgs {
    /// Delete classes with no activity for more than this many days (now, and
    /// each time a class is hosted).
    #[arg(long, conflicts_with = "off")]
    days: Option<u32>,
    /// Keep classes until deleted by hand.
    #[arg(long)]
    off: bool,
    #[command(flatten)]
    data: DataDir,
}

/// `classroom classes`: the stored classes, the most recent first.
pub fn classes(args: ClassesArgs) -> Result<ExitCode> {
    let store = args.data.open(Durability::default())?;
    let classes = store.classes().map_err(|err| store_failure(err, store.dir()))?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&classes)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    if classes.is_empty() {
        writeln!(out, "No classes stored in {}.", store.dir().display())?;
        return Ok(ExitCode::SUCCESS);
    }
    for class in &classes {
        let state = if class.ended_at.is_some() { "ended" } else { "not ended" };
        writeln!(out, "{}  {} — {}", class.id, class.teacher, class.class)?;
        writeln!(
            out,
            "    started {}, last active {}, {state}; {} messages, {} participants",
            class.started_at, class.last_active_at, class.messages, class.participants
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `classroom export`: a stored class's transcript, or its gradebook.
pub fn export(args: ExportArgs) -> Result<ExitCode> {
    let store = args.data.open(Durability::default())?;
    let options = ExportOptions { format: args.format, time_zone: args.time_zone, language: args.language };
    match &args.output {
        Some(path) => {
            let mut file =
                std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            store.export(&args.session, &options, &mut file)?;
            file.sync_all().with_context(|| format!("cannot write {}", path.display()))?;
            let what = if args.format == ExportFormat::Gradebook { "Gradebook" } else { "Transcript" };
            eprintln!("{what} written to {}.", path.display());
        }
        None => {
            let mut out = std::io::stdout().lock();
            store.export(&args.session, &options, &mut out)?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `classroom delete`: removes a stored class for good.
pub fn delete(args: DeleteArgs) -> Result<ExitCode> {
    let store = args.data.open(Durability::default())?;
    let class = store.class(&args.session)?;
    store.delete_class(&args.session)?;
    println!("Deleted “{}” ({}), started {}.", class.class, class.id, class.started_at);
    Ok(ExitCode::SUCCESS)
}

/// `classroom retention`: shows or sets how long classes are kept.
pub fn retention(args: RetentionArgs) -> Result<ExitCode> {
    let store = args.data.open(Durability::default())?;
    if args.off {
        store.set_retention_days(None)?;
    } else if let Some(days) = args.days {
        store.set_retention_days(Some(days))?;
        let deleted = store.apply_retention()?;
        println!("Deleted {} class(es) with no activity for more than {days} days.", deleted.len());
    }
    match store.retention_days()? {
        Some(days) => println!("Classes are kept for {days} days after their last activity."),
        None => println!("Classes are kept until deleted (no retention period)."),
    }
    Ok(ExitCode::SUCCESS)
}
