//! Bad command lines, tried in bulk (property test): whatever the arguments, parsing never
//! panics; anything but a known command with valid flags is a usage error (exit 2), and parsing
//! alone reads and writes nothing. `PROPTEST_CASES` sets the cases (256 by default, as CI runs).

use clap::Parser;
use proptest::prelude::*;
use vectis_cli::Cli;

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "check",
            "connect",
            "defaults",
            "status",
            "diagnose",
            "forget",
            "--json",
            "--username",
            "--secret-stdin",
            "--integration-code",
            "--integration-code-stdin",
            "--zone-url",
            "--queue",
            "--category",
            "--status",
            "--priority",
            "--list",
            "--test-ticket",
            "--retry-rejected",
            "--wait-for-new-user",
            "--yes",
            "--test",
            "--output",
            "none",
            "0",
            "-1",
            "29682833",
            "--",
            "-h",
        ])
        .prop_map(str::to_string),
        ".{0,24}",
    ]
}

proptest! {
    #[test]
    fn any_command_line_parses_or_is_a_usage_error(args in prop::collection::vec(word(), 0..8)) {
        let argv = std::iter::once("vectis-setup".to_string()).chain(args);
        if let Err(e) = Cli::try_parse_from(argv) {
            let _ = e.render();
            prop_assert!(e.exit_code() == 2 || e.exit_code() == 0, "{}", e.exit_code());
        }
    }
}
