//! What can go wrong in the service, typed; it reads as `IpcError` only through `ToIpcError`.

use crate::autotask::ticket_defaults::DefaultsError;
use crate::autotask::ApiError;
use crate::error::{ErrorCode, Field, IpcError, ToIpcError};
use crate::storage::{minute_utc, Rejection, SignInHistory, SignInRefusal, StorageError};
use crate::validation::ValidationError;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Validation(#[from] ValidationError),
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("no tested credentials are waiting to be saved")]
    NoTestedCredentials,
    /// The last Test found what the organisation refuses (`wrong_tenant`, `excess_permissions`).
    #[error("{}", .0.message)]
    Refused(IpcError),
    #[error("a test is already running")]
    Busy,
    #[error(transparent)]
    Defaults(DefaultsError),
    #[error(transparent)]
    Managed(#[from] crate::policy::ManagedError),
    #[error("the keychain did not answer within {0} s")]
    KeychainTimeout(u64),
    #[error("Autotask rejected these credentials; they are not sent again unasked")]
    CredentialsRejected(Rejection),
    #[error("the one more try with these rejected credentials was used")]
    RetrySpent(Rejection),
    #[error("Autotask rejected several secrets for this username; the admin confirms first")]
    ConfirmSignIn(SignInHistory),
    /// The sign-in ledger cannot vouch for these credentials (see `storage::sign_ins`).
    #[error(transparent)]
    SignInNotRecorded(SignInRefusal),
}

impl From<SignInRefusal> for ServiceError {
    fn from(refusal: SignInRefusal) -> Self {
        match refusal {
            SignInRefusal::Rejected(r) => Self::CredentialsRejected(r),
            SignInRefusal::RetrySpent(r) => Self::RetrySpent(r),
            SignInRefusal::ConfirmFirst(h) => Self::ConfirmSignIn(h),
            other => Self::SignInNotRecorded(other),
        }
    }
}

const ONE_MORE_TRY: &str = "Nothing was sent. Autotask locks an API user after repeated failed sign-ins, so an unattended run does not guess. When you are sure the credentials are right, test once anyway (`--retry-rejected` on the command line)";

fn not_recorded(refusal: &SignInRefusal) -> IpcError {
    let (message, first) = match refusal {
        SignInRefusal::Unfinished(at) => (
            format!("A sign-in with these credentials started at {at} and its outcome was never recorded (the process ended, or the disk was full)."),
            "Check the settings folder has free space and is writable.",
        ),
        SignInRefusal::Lost(why) => (
            format!("The record of sign-ins Autotask rejected cannot be used ({why})."),
            "Do not delete files in the settings folder.",
        ),
        SignInRefusal::Unrecordable(e) => (
            format!("The sign-in could not be recorded before sending ({e})."),
            "Free disk space or make the settings folder writable, and close other copies of the app.",
        ),
        SignInRefusal::Rejected(_)
        | SignInRefusal::RetrySpent(_)
        | SignInRefusal::ConfirmFirst(_) => ("Autotask rejected these credentials.".into(), ""),
    };
    IpcError::new(
        ErrorCode::SignInNotRecorded,
        message,
        format!("{first} {ONE_MORE_TRY}."),
    )
}

impl ToIpcError for ServiceError {
    fn to_ipc(&self) -> IpcError {
        match self {
            Self::Validation(e) => e.to_ipc(),
            Self::Api(e) => e.to_ipc(),
            Self::Storage(e) => e.to_ipc(),
            Self::NoTestedCredentials => IpcError::new(
                ErrorCode::NoTestedCredentials,
                "These credentials have not passed a Test yet.",
                "Run the Test; credentials are saved only after it succeeds.",
            ),
            Self::Busy => IpcError::new(
                ErrorCode::TestRunning,
                "A test is already running.",
                "Wait for it to finish or cancel it.",
            ),
            Self::Refused(e) => e.clone(),
            Self::Defaults(e) => e.to_ipc(),
            Self::Managed(e) => e.to_ipc(),
            Self::KeychainTimeout(seconds) => IpcError::new(
                ErrorCode::KeychainUnavailable,
                format!("The keychain did not answer within {seconds} seconds."),
                "Unlock your keychain (or answer its prompt), make sure a keychain service is running, then try again. Nothing was changed.",
            ),
            Self::CredentialsRejected(r) => IpcError::new(
                ErrorCode::CredentialsRejected,
                format!("Not sent: Autotask rejected these credentials at {}.", minute_utc(&r.at)),
                "Change the secret to test again. Only after fixing the API user in Autotask (Active, not Locked), test once anyway (`--retry-rejected` on the command line): Autotask locks an API user after repeated failed sign-ins, which stops every integration that uses it.",
            )
            .with_field(Field::Secret),
            Self::RetrySpent(r) => IpcError::new(
                ErrorCode::RetrySpent,
                format!("Not sent: the one more try was used and Autotask rejected these credentials again at {}.", minute_utc(&r.at)),
                "Change the secret to test again, or check in Autotask (Admin → Resources/Users) that the API user is Active and not Locked and restart the app before trying these credentials once more.",
            )
            .with_field(Field::Secret),
            Self::ConfirmSignIn(h) => IpcError::new(
                ErrorCode::ConfirmSignIn,
                format!(
                    "Not sent yet: Autotask already rejected {} different secrets for this username from this computer ({} failed sign-ins).",
                    h.rejected_secrets, h.rejected_sign_ins
                ),
                "Autotask locks an API user after repeated failed sign-ins, which stops every integration that uses it. Check the secret on the API user in Autotask, then confirm to send this one (`--retry-rejected` on the command line).",
            )
            .with_field(Field::Secret),
            Self::SignInNotRecorded(refusal) => not_recorded(refusal),
        }
    }
}

impl From<ServiceError> for IpcError {
    fn from(e: ServiceError) -> Self {
        e.to_ipc()
    }
}
