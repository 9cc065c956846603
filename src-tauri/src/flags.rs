//! Command-line flags of the desktop app.

use clap::Parser;
use classroom_core::app::{HostRequest, JoinRequest, Startup};

/// Classroom: host or join a class on your network.
#[derive(Debug, Parser)]
#[command(name = "classroom-app", version)]
pub struct Flags {
    /// Start this class at once (with --teacher).
    #[arg(long, requires = "teacher")]
    pub host_class: Option<String>,
    /// The teacher's name for --host-class.
    #[arg(long)]
    pub teacher: Option<String>,
    /// Join the class at this address at once (with --name and --code).
    #[arg(long, requires_all = ["name", "code"], conflicts_with = "host_class")]
    pub join: Option<String>,
    /// Your name for --join.
    #[arg(long)]
    pub name: Option<String>,
    /// The class code for --join.
    #[arg(long)]
    pub code: Option<String>,
    /// Port a hosted class listens on (taken: any free port).
    #[arg(long, default_value_t = 4455)]
    pub port: u16,
    /// No LAN discovery (mDNS): hosted classes are not advertised and the
    /// join screen does not look for classes; students type the address.
    #[arg(long)]
    pub no_mdns: bool,
    /// Students one address may seat in a hosted class (default 4): raise
    /// it where many students share one address (a terminal server, a lab
    /// behind one router).
    #[arg(long, value_name = "N")]
    pub max_per_address: Option<usize>,
    /// Keep data (saved seats, the class history) here instead of the
    /// platform's folder.
    #[arg(long)]
    pub data_dir: Option<std::path::PathBuf>,
    /// Do not look for a newer version of Classroom in this run (the "Check
    /// for updates" box on Home turns it off for good, and the
    /// CLASSROOM_NO_UPDATE_CHECK environment variable for the whole computer).
    #[arg(long)]
    pub no_update_check: bool,
}

impl Flags {
    /// What the UI should do at launch.
    pub fn startup(&self) -> Startup {
        Startup {
            host: self.host_class.clone().map(|class| HostRequest {
                class,
                teacher: self.teacher.clone().unwrap_or_default(),
                resume: None,
            }),
            join: self.join.clone().map(|address| JoinRequest {
                address,
                name: self.name.clone().unwrap_or_default(),
                code: self.code.clone().unwrap_or_default(),
                class: None,
            }),
            locale: sys_locale::get_locale(),
        }
    }
}
