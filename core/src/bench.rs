//! The load generator behind `classroom bench`.

/// Options of `classroom bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {}

/// Runs the benchmark.
///
/// # Errors
/// When the hub cannot be started or measured.
pub async fn run(_args: BenchArgs) -> anyhow::Result<()> {
    anyhow::bail!("not yet")
}
