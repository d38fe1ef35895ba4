// The IPC commands, named once. build.rs includes this file to generate an `allow-<name>`
// permission for each; tests check that the handler answers each name and the capability
// grants each; the TypeScript `CommandName` type is generated from it.
pub const COMMANDS: &[&str] = &[
    "app_info",
    "validate_credentials",
    "start_test",
    "cancel_test",
    "sign_in_history",
    "connection_status",
    "found_secret",
    "save_connection",
    "reset_credentials",
    "disconnect",
    "save_defaults",
    "ticket_options",
    "validate_defaults",
    "test_ticket_plan",
    "create_test_ticket",
    "settings_recovery",
    "open_url",
    "ui_ready",
    "support_bundle",
    "save_support_bundle",
    "confirm_old_user_retired",
    "affirm",
];
