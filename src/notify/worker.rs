//! Delivers the outbox: by SMTP, or without `SMTP_URL` into a mail folder (one `.eml` file per
//! email, lettre's `FileTransport`, as development mail backends of other frameworks do), so a
//! private link reaches only whoever reads the recipient's mail. Rows are claimed with
//! `FOR UPDATE SKIP LOCKED`, so several app instances can run the worker and no email goes out
//! twice; failures retry with exponential back-off and give up after `MAX_ATTEMPTS`.

use std::time::Duration;

use anyhow::Context;
use lettre::message::header::{ContentTransferEncoding, ContentType, MIME_VERSION_1_0};
use lettre::message::{Body, Mailbox};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::PgPool;
use uuid::Uuid;

use super::outbox::DeliveryStatus;

const BATCH: i64 = 20;
const MAX_ATTEMPTS: i32 = 8;
const IDLE_WAIT: Duration = Duration::from_secs(5);

pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// A folder of `.eml` files, for machines without a mail server.
    Folder(AsyncFileTransport<Tokio1Executor>),
}

impl Mailer {
    pub fn new(smtp_url: &str, from: Mailbox) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .context("SMTP_URL is not a valid smtp:// or smtps:// URL")?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        Ok(Self { transport: Transport::Smtp(transport), from })
    }

    /// Writes each email as a file in `folder` (created if missing, readable by its owner only:
    /// the emails carry private links).
    pub fn folder(folder: &std::path::Path, from: Mailbox) -> anyhow::Result<Self> {
        use std::os::unix::fs::PermissionsExt;
        std::fs::create_dir_all(folder).with_context(|| format!("cannot create MAIL_DIR {}", folder.display()))?;
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("cannot restrict MAIL_DIR {} to its owner", folder.display()))?;
        Ok(Self { transport: Transport::Folder(AsyncFileTransport::new(folder)), from })
    }
}

#[derive(sqlx::FromRow)]
struct Due {
    id: Uuid,
    to_email: String,
    subject: String,
    body_text: String,
    attempts: i32,
}

/// Sends what is due, once; returns how many rows it handled.
pub async fn deliver_due(pool: &PgPool, mailer: &Mailer) -> anyhow::Result<usize> {
    // Every tenant's mail: the one reader the outbox's delivery policy admits.
    let mut tx = crate::db::wall::begin_mail_delivery(pool).await?;
    let due: Vec<Due> = sqlx::query_as(
        "select id, to_email::text as to_email, subject, body_text, attempts from outbox
         where status = 'pending' and next_attempt_at <= now()
         order by next_attempt_at
         limit $1
         for update skip locked",
    )
    .bind(BATCH)
    .fetch_all(&mut *tx)
    .await?;
    for email in &due {
        match send(mailer, email).await {
            Ok(()) => {
                sqlx::query("update outbox set status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = null where id = $1")
                    .bind(email.id)
                    .execute(&mut *tx)
                    .await?;
            }
            Err(error) => {
                let attempts = email.attempts + 1;
                let status = if attempts >= MAX_ATTEMPTS { DeliveryStatus::Failed } else { DeliveryStatus::Pending };
                // 1, 2, 4, 8 … minutes.
                let backoff_minutes = 1i64 << (attempts - 1).clamp(0, 10);
                tracing::warn!(outbox.id = %email.id, attempts, error = %error, "email delivery failed");
                sqlx::query(
                    "update outbox set attempts = $2, status = $3, last_error = $4,
                       next_attempt_at = now() + make_interval(mins => $5::int) where id = $1",
                )
                .bind(email.id)
                .bind(attempts)
                .bind(status)
                .bind(error.to_string())
                .bind(backoff_minutes as i32)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(due.len())
}

async fn send(mailer: &Mailer, email: &Due) -> anyhow::Result<()> {
    let to: Mailbox = email.to_email.parse().context("recipient address unreadable")?;
    let builder = Message::builder()
        .from(mailer.from.clone())
        .to(to)
        .subject(&email.subject)
        .message_id(Some(format!("<{}@sweetspot>", email.id)))
        // The body is UTF-8 (names, titles in any script): without these, RFC 2045 readers
        // take it for US-ASCII and garble it.
        .header(MIME_VERSION_1_0)
        .header(ContentType::TEXT_PLAIN);
    let message = match &mailer.transport {
        // A file is read by people in a text editor as often as by a mail program: plain 8-bit
        // text keeps links whole (quoted-printable would fold them with "=").
        Transport::Folder(_) => match eight_bit_body(&email.body_text) {
            Some(body) => builder.body(body),
            // A line longer than 998 bytes cannot be 8-bit: lettre picks an encoding.
            None => builder.body(email.body_text.clone()),
        },
        Transport::Smtp(_) => builder.body(email.body_text.clone()),
    }
    .context("email could not be built")?;
    match &mailer.transport {
        Transport::Smtp(smtp) => {
            smtp.send(message).await.context("SMTP refused the email")?;
        }
        Transport::Folder(folder) => {
            folder.send(message).await.context("the email could not be written to MAIL_DIR")?;
        }
    }
    Ok(())
}

/// `text` as an 8-bit body, when RFC 5322 allows it (no line over 998 bytes, no NUL): lettre's
/// own choice folds any line over 76 characters with quoted-printable.
fn eight_bit_body(text: &str) -> Option<Body> {
    let crlf = text.replace("\r\n", "\n").replace('\r', "\n").replace('\n', "\r\n");
    let fits = !crlf.contains('\0') && crlf.split("\r\n").all(|line| line.len() <= 998);
    fits.then(|| Body::dangerous_pre_encoded(crlf.into_bytes(), ContentTransferEncoding::EightBit))
}

/// Runs until the process stops: delivers what is due, and sleeps when there is nothing.
pub async fn run(pool: PgPool, mailer: Mailer) {
    loop {
        let handled = match deliver_due(&pool, &mailer).await {
            Ok(count) => count,
            Err(error) => {
                tracing::error!(error = format!("{error:#}"), "outbox delivery round failed");
                0
            }
        };
        if handled == 0 {
            tokio::time::sleep(IDLE_WAIT).await;
        }
    }
}
