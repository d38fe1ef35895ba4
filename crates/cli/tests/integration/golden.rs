//! Human output compared whole (gh's `Test_statusRun` style): each row is one command on the
//! same machine, in order, with its exit code, stdout and stderr exactly as a person sees them.
//! Times, durations and the usage count read `<time>`, `<ms>` and `<n>`, the simulator's
//! address `<sim>/` and its port `<port>`. `GOLDEN_SHOW=1` prints each output as a Rust string
//! instead of comparing (to write the expected text after a deliberate change; read it first).

use test_support::*;
use vectis_cli::Io;

use crate::shell::{assert_text, Shell};

struct Row<'a> {
    args: &'a [&'a str],
    stdin: Option<&'a str>,
    env: &'a [(&'a str, &'a str)],
    code: i32,
    stdout: &'a str,
    /// After [`NOTE`].
    stderr: &'a str,
}

/// What every run against the simulator says first on stderr.
const NOTE: &str = "Note: using a custom Autotask endpoint (<sim>/), not Autotask's own servers.\n";

fn play(shell: &Shell, rows: &[Row]) {
    let lookup = shell.sim.lookup_url();
    let base = lookup.trim_end_matches('/');
    let port = format!(":{}/", shell.sim.addr.port());
    for row in rows {
        let line = row.args.join(" ");
        let run = shell.run(row.args, row.stdin, row.env);
        let shown = |text: &str| text.replace(base, "<sim>").replace(&port, ":<port>/");
        assert_text(&shown(run.out()), row.stdout, &format!("`{line}` stdout"));
        let stderr = format!("{NOTE}{}", row.stderr);
        assert_text(&shown(run.err()), &stderr, &format!("`{line}` stderr"));
        assert_eq!(
            run.code, row.code,
            "`{line}`: expected exit {}, got {}",
            row.code, run.code
        );
    }
}

/// Parsing alone, no service: what clap says for help, the version and bad usage, and the
/// exit code (0, or 2 for a usage error). A typo or a leading flag never opens the window.
#[test]
fn the_command_line_is_read_or_refused_whole() {
    let cases: [(&[&str], i32, &str, &str); 5] = [
        (&[], 0, "", ""),
        (&["--version"], 0, "vectis-setup 0.1.0\n", ""),
        (
            &["stauts"],
            2,
            "",
            "\
error: unrecognized subcommand 'stauts'

  tip: some similar subcommands exist: 'defaults', 'status'

Usage: vectis-setup [COMMAND]

For more information, try '--help'.
",
        ),
        (
            &["--json", "status"],
            2,
            "",
            "\
error: unexpected argument '--json' found

  tip: 'status --json' exists

Usage: vectis-setup [COMMAND]

For more information, try '--help'.
",
        ),
        (
            &["defaults", "--category", "0"],
            2,
            "",
            "error: invalid value '0' for '--category <ID>': \"0\" is not a positive numeric ID\n\nFor more information, try '--help'.\n",
        ),
    ];
    for (args, code, stdout, stderr) in cases {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let io = Io::buffers(&mut out, &mut err);
        let argv = std::iter::once("vectis-setup").chain(args.iter().copied());
        let got = match vectis_cli::parse(argv.map(Into::into), &io) {
            Ok(command) => panic!("{args:?}: expected no command to run, got {command:?}"),
            Err(code) => code,
        };
        drop(io);
        let what = format!("{args:?}");
        assert_text(
            &String::from_utf8_lossy(&out),
            stdout,
            &format!("{what} stdout"),
        );
        assert_text(
            &String::from_utf8_lossy(&err),
            stderr,
            &format!("{what} stderr"),
        );
        assert_eq!(got, code, "{what}: expected exit {code}, got {got}");
    }
}

const QUEUE: &str = "29682833";

const NOTHING_SAVED: &str = "\
Keychain: memory (tests only) for user fleet-test-user
No Autotask connection is saved.
";

const TEST_TICKET: &str = "\
Test ticket created: T20261122.1001 (ID 1001)
Link: https://ww15.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=1001
";

const ASK_NO: &str = concat!(
    "Remove the saved Autotask connection (keychain entry and settings)? Type yes to confirm: ",
    "Nothing was removed.\n"
);
const ASK_YES: &str = concat!(
    "Remove the saved Autotask connection (keychain entry and settings)? Type yes to confirm: ",
    "The saved Autotask connection was removed.\n"
);

/// `check` of a user whose security level lacks permissions: every check, the error and its fix.
const LIMITED_CHECK: &str = "\
Vectis Autotask Setup: Signed in to Autotask (webservices15.autotask.net), but the API user's security level is missing permissions.
Zone: America West 2 (webservices15.autotask.net) http://webservices15.autotask.net:<port>/ATServicesRest/
Tenant: Contoso Managed Services (tenant 20264)
  [pass] Find the Autotask zone: America West 2 (webservices15.autotask.net)
  [pass] Sign in as the API user: Signed in as limited4k2m9x8q@contoso-msp.com
  [pass] Which Autotask tenant: Contoso Managed Services (tenant 20264)
  [pass] Permission: read Companies: Granted (a query read a record)
  [warn] Permission: read Tickets: Restricted: the API user sees only some Tickets. Vectis may miss records.
  [FAIL] Permission: read Contracts: Missing: the security level cannot read Contracts.
  [pass] Permission: read Time Entries: Granted (a query read a record)
  [FAIL] Permission: create Tickets: Missing: the security level cannot create Tickets.
  [FAIL] Permission: create Ticket Notes: Missing: the security level cannot create Ticket Notes.
  [warn] Rights beyond what Vectis needs: 1 more than Vectis needs: read Ticket Notes.
  [pass] API usage this hour: <n> of 10000 requests in the last 60 minutes
  [pass] Load queues, categories, statuses and priorities: 5 queues, 3 categories
More than Vectis needs (1):
  read Ticket Notes (all)
  Fix: In Autotask (Admin → Security Levels), copy \"API User (system) Can't Read Costs (API-only)\", set each right listed here to None, keep the rights Vectis needs, and give the API user the copy.
Error permission_denied: The API user's security level lacks permission to: read Contracts; create Tickets; create Ticket Notes.
Fix: Use an API User (system) security level (or a clone of one), not a regular staff role, with read on Companies, Tickets, Contracts and Time Entries and write on Tickets and Ticket Notes.
Took <ms> ms
";

/// `connect` that passes: the checks, then what was saved.
const CONNECTED: &str = "\
Vectis Autotask Setup: Connected to Autotask (webservices15.autotask.net) — Contoso Managed Services
Zone: America West 2 (webservices15.autotask.net) http://webservices15.autotask.net:<port>/ATServicesRest/
Tenant: Contoso Managed Services (tenant 20264)
  [pass] Find the Autotask zone: America West 2 (webservices15.autotask.net)
  [pass] Sign in as the API user: Signed in as demo7x3kq2p9m1v@contoso-msp.com
  [pass] Which Autotask tenant: Contoso Managed Services (tenant 20264)
  [pass] Permission: read Companies: Granted (a query read a record)
  [pass] Permission: read Tickets: Granted (a query read a record)
  [pass] Permission: read Contracts: Granted (a query read a record)
  [pass] Permission: read Time Entries: Granted (a query read a record)
  [pass] Permission: create Tickets: Granted by the security level (not tried: the optional test ticket proves it)
  [pass] Permission: create Ticket Notes: Granted by the security level (not tried: the optional test ticket proves it)
  [pass] Rights beyond what Vectis needs: None: the API user can do only what Vectis needs
  [pass] API usage this hour: <n> of 10000 requests in the last 60 minutes
  [pass] Load queues, categories, statuses and priorities: 5 queues, 3 categories
Took <ms> ms
Saved: the connection is stored in this user's keychain.
";

const STATUS_SAVED: &str = "\
Keychain: memory (tests only) for user fleet-test-user
Connection saved for demo7x3kq2p9m1v@contoso-msp.com
Zone: America West 2 (http://webservices15.autotask.net:<port>/ATServicesRest/)
Tenant: Contoso Managed Services (tenant 20264)
Secret: stored
Last test: Connected to Autotask (webservices15.autotask.net) — Contoso Managed Services at <time>
Secret saved today (<time>), last verified today (<time>)
";

/// `defaults --list`: active choices first, then inactive ones, per list.
const LISTS: &str = "\
Queues
  ID           Active  Default  Label
  5            yes     no       Client Portal
  29682833     yes     no       Level I Support
  29682834     yes     no       Level II Support
  29682835     yes     no       Monitoring Alerts
  8            yes     no       Post Sale
  29682836     no      no       Old Helpdesk

Categories
  ID           Active  Default  Label
  2            yes     no       Datto RMM Alert
  113          yes     no       Incident
  3            yes     yes      Standard
  5            no      no       Standard (non-editable)

Statuses
  ID           Active  Default  Label
  1            yes     yes      New
  8            yes     no       In Progress
  7            yes     no       Waiting Customer
  5            yes     no       Complete
  12           no      no       Escalated (retired)

Priorities
  ID           Active  Default  Label
  4            yes     no       P1 Critical
  1            yes     no       High
  2            yes     yes      Medium
  3            yes     no       Low
  6            no      no       Planning

";

/// A machine from nothing to enrolled, shown, changed and forgotten, as an admin reads it.
#[tokio::test(flavor = "multi_thread")]
async fn an_admin_reads_every_step_of_an_enrolment_whole() {
    let sim = sim().await;
    let shell = Shell::new(&sim);
    let code_env = [("VECTIS_AUTOTASK_INTEGRATION_CODE", CODE.as_str())];
    let secret = format!("{}\n", *SECRET);
    let limited_env = [
        ("VECTIS_AUTOTASK_INTEGRATION_CODE", CODE.as_str()),
        ("VECTIS_AUTOTASK_SECRET", LIMITED_SECRET.as_str()),
    ];
    #[rustfmt::skip]
    let rows = [
        Row { args: &["status"], stdin: None, env: &[], code: 1, stdout: NOTHING_SAVED, stderr: "" },
        Row { args: &["defaults", "--list"], stdin: None, env: &[], code: 1, stdout: "",
              stderr: "Error: No Autotask connection is saved yet.\nFix: Run the setup to connect to Autotask.\n" },
        Row { args: &["check", "--username", &LIMITED], stdin: None, env: &limited_env, code: 1,
              stdout: LIMITED_CHECK, stderr: "" },
        Row { args: &["connect", "--username", &USER, "--secret-stdin", "--queue", QUEUE, "--category", "3"],
              stdin: Some(&secret), env: &code_env, code: 0, stdout: CONNECTED, stderr: "" },
        Row { args: &["status"], stdin: None, env: &[], code: 0, stdout: STATUS_SAVED, stderr: "" },
        Row { args: &["defaults", "--list"], stdin: None, env: &[], code: 0, stdout: LISTS, stderr: "" },
        Row { args: &["defaults", "--queue", "29682834", "--priority", "4"], stdin: None, env: &[], code: 0,
              stdout: "Ticket defaults saved: queue Level II Support, ticket category Standard.\n", stderr: "" },
        Row { args: &["defaults", "--test-ticket"], stdin: None, env: &[], code: 0, stdout: TEST_TICKET, stderr: "" },
        Row { args: &["defaults"], stdin: None, env: &[], code: 2, stdout: "",
              stderr: "Error: Nothing to do.\nFix: Pass --list, --queue ID --category ID [--status ID|none] [--priority ID|none], or --test-ticket.\n" },
        Row { args: &["forget"], stdin: None, env: &[], code: 2, stdout: "",
              stderr: "Error: refusing to remove the saved connection without confirmation. Pass --yes.\n" },
    ];
    tokio::task::block_in_place(|| play(&shell, &rows));
}

/// `forget` on a terminal asks, and only a typed `yes` removes the connection.
#[tokio::test(flavor = "multi_thread")]
async fn forget_asks_on_a_terminal_and_needs_a_typed_yes() {
    let sim = sim().await;
    let mut shell = Shell::new(&sim);
    let secret = format!("{}\n", *SECRET);
    let code_env = [("VECTIS_AUTOTASK_INTEGRATION_CODE", CODE.as_str())];
    tokio::task::block_in_place(|| {
        let connect = [
            "connect",
            "--username",
            &USER,
            "--secret-stdin",
            "--queue",
            QUEUE,
            "--category",
            "3",
            "--json",
        ];
        let run = shell.run(&connect, Some(&secret), &code_env);
        assert_eq!(
            run.code,
            0,
            "expected the demo user to connect: {}",
            run.out()
        );
        shell.terminal = true;
        #[rustfmt::skip]
        let rows = [
            Row { args: &["forget"], stdin: Some("no\n"), env: &[], code: 1, stdout: ASK_NO, stderr: "" },
            Row { args: &["forget"], stdin: Some("yes\n"), env: &[], code: 0, stdout: ASK_YES, stderr: "" },
            Row { args: &["status"], stdin: None, env: &[], code: 1, stdout: NOTHING_SAVED, stderr: "" },
        ];
        play(&shell, &rows);
    });
}
