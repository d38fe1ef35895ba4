//! `autotask-sim --port 0 --fixture FILE`: serves the simulator on 127.0.0.1 and prints its
//! base URL on the first line of stdout.

use std::io::Write;
use std::path::PathBuf;

use autotask_sim::{Fixture, SimServer, ZoneHostStyle};
use clap::Parser;

#[derive(Parser)]
#[command(version, about = "A local simulator of the Autotask PSA REST API")]
struct Args {
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Fixture JSON; the bundled demo fixture when absent.
    #[arg(long)]
    fixture: Option<PathBuf>,
    /// Zone URLs name `webservicesN.autotask.net` (for the app's custom-endpoint mode).
    #[arg(long)]
    autotask_hostnames: bool,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let args = Args::parse();
    let mut fixture = match &args.fixture {
        Some(path) => match Fixture::load(path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("autotask-sim: {e}");
                return std::process::ExitCode::from(2);
            }
        },
        None => Fixture::default_demo(),
    };
    if args.autotask_hostnames {
        fixture.settings.zone_host_style = ZoneHostStyle::Autotask;
    }
    let server = match SimServer::start_on(fixture, args.port).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "autotask-sim: cannot listen on 127.0.0.1:{}: {e}",
                args.port
            );
            return std::process::ExitCode::from(1);
        }
    };
    println!("{}", server.base_url());
    let _ = std::io::stdout().flush();
    wait_for_stop().await;
    server.shutdown().await;
    std::process::ExitCode::SUCCESS
}

async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
