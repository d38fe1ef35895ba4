//! `diagnose`: the redacted support bundle, the same document the window saves. Sends nothing
//! unless `--test`, which runs one Test of the saved connection first (never past Autotask's
//! standing rejection of it).

use std::path::PathBuf;

use vectis_core::error::ToIpcError;
use vectis_core::policy::Policy;
use vectis_core::service::{Service, TestRequest, TestTarget};
use vectis_core::support::BundleAbout;

use crate::io::Io;
use crate::output::{EXIT_FAILED, EXIT_OK};

#[derive(clap::Args, Debug)]
pub struct DiagnoseArgs {
    /// Write the bundle to FILE (replaced whole) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Test the saved connection first (one sign-in; nothing while Autotask's rejection of
    /// the saved secret stands).
    #[arg(long)]
    pub test: bool,
}

async fn test_first(service: &Service, io: &Io<'_>) {
    let request = TestRequest {
        target: TestTarget::Saved,
        wait_for_propagation: false,
        retry_rejected: false,
    };
    match service.start_test(request, |_| {}).await {
        // The report comes back redacted.
        Ok(report) => esay!(io, "Test: {}", report.message),
        Err(e) => {
            let redactor = service.redactor(true).await;
            esay!(io, "Test not run: {}", redactor.redact(&e.to_ipc().message));
        }
    }
}

pub async fn run(service: &Service, policy: &Policy, args: DiagnoseArgs, io: &Io<'_>) -> i32 {
    if args.test {
        test_first(service, io).await;
    }
    let about = BundleAbout {
        webview: "not applicable".into(),
        policy: Some(policy.clone()),
    };
    let Some(path) = args.output else {
        say!(io, "{}", service.support_bundle(about).await);
        return EXIT_OK;
    };
    match service.save_support_bundle(about, &path).await {
        Ok(_) => {
            esay!(io, "Support bundle written to {}", path.display());
            EXIT_OK
        }
        Err(e) => {
            esay!(io, "Error: {} {}", e.message, e.remediation);
            EXIT_FAILED
        }
    }
}
