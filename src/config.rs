//! Every setting, from command-line flags and the environment, validated once at start-up.

use std::net::SocketAddr;

use anyhow::{Context, bail};
use url::Url;

/// A value that must never appear in logs or debug output.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// Settings shared by every command, as clap parses them from flags and environment.
#[derive(Clone, Debug, clap::Args)]
pub struct Settings {
    /// PostgreSQL connection URL. Unset: an embedded cluster under ./var/postgres.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,

    /// The owner's PostgreSQL URL, for migrations, when DATABASE_URL is the app's own login (a
    /// role that owns nothing). Unset: DATABASE_URL's login owns the tables and requests switch to
    /// the role `sweetspot_app` (docs/OPERATIONS.md).
    #[arg(long, env = "MIGRATION_DATABASE_URL", global = true, hide_env_values = true)]
    pub migration_database_url: Option<String>,

    /// Folder of the embedded PostgreSQL cluster (used only without DATABASE_URL).
    #[arg(long, env = "DATA_DIR", default_value = "var/postgres", global = true)]
    pub data_dir: std::path::PathBuf,

    /// Address the server listens on (`serve`), and that the other commands derive links and the
    /// health check from when BASE_URL is unset.
    #[arg(long, env = "BIND", default_value = "127.0.0.1:8080", global = true)]
    pub bind: std::net::SocketAddr,

    /// Public address of the site, used in links sent by email.
    #[arg(long, env = "BASE_URL", global = true)]
    pub base_url: Option<String>,

    /// SMTP server for outgoing mail, e.g. smtp://user:pass@host:587 or smtps://host.
    /// Unset: each email is written as a file into MAIL_DIR.
    #[arg(long, env = "SMTP_URL", global = true, hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// Where emails go without SMTP_URL: one `.eml` file each (open it with any mail program or
    /// a text editor), readable only by the server's user.
    #[arg(long, env = "MAIL_DIR", default_value = "var/mail", global = true)]
    pub mail_dir: std::path::PathBuf,

    /// Sender address of outgoing mail.
    #[arg(long, env = "MAIL_FROM", default_value = "Sweetspot <no-reply@sweetspot.invalid>", global = true)]
    pub mail_from: String,

    /// Mark cookies Secure and send HSTS (set behind HTTPS).
    #[arg(long, env = "SECURE_COOKIES", default_value_t = false, global = true)]
    pub secure_cookies: bool,

    /// Log output: pretty (for people) or json (for log collectors).
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value = "pretty", global = true)]
    pub log_format: LogFormat,

    /// Where uploaded files are kept: a folder, or s3://bucket/prefix for S3-compatible storage
    /// (credentials and endpoint from the AWS_* variables).
    #[arg(long, env = "ATTACHMENT_STORE", default_value = "var/attachments", global = true)]
    pub attachment_store: String,

    /// How long signed-out readers may be shown a public page's data from memory (0: never).
    #[arg(long, env = "PUBLIC_CACHE_SECONDS", default_value_t = 2, global = true)]
    pub public_cache_seconds: u64,

    /// Largest connection pool to PostgreSQL. Unset: twice the CPU count, at least 4 (more
    /// connections than the cores can run only add switching: 16 on 2 cores served fewer pages).
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS", global = true)]
    pub database_max_connections: Option<u32>,
}

impl Settings {
    pub fn database(&self) -> crate::db::DatabaseSettings<'_> {
        crate::db::DatabaseSettings {
            url: self.database_url.as_deref().filter(|url| !url.is_empty()),
            migration_url: self.migration_database_url.as_deref().filter(|url| !url.is_empty()),
            data_dir: &self.data_dir,
            max_connections: self.pool_size(),
        }
    }

    pub fn pool_size(&self) -> u32 {
        self.database_max_connections.unwrap_or_else(|| {
            let cores = std::thread::available_parallelism().map(|n| n.get() as u32).unwrap_or(2);
            (2 * cores).max(4)
        })
    }
}

/// The validated configuration the application runs with.
#[derive(Clone, Debug)]
pub struct Config {
    pub base_url: Url,
    pub smtp_url: Option<Secret>,
    pub mail_from: lettre::message::Mailbox,
    pub secure_cookies: bool,
    /// Run the outbox delivery worker in this process.
    pub run_workers: bool,
    /// Demo mode: the start-up log prints the demo accounts.
    pub demo: bool,
    /// How long public data may be served from memory to signed-out readers.
    pub public_cache_ttl: std::time::Duration,
}

impl Config {
    /// Validates settings; an error names the setting at fault in one line.
    pub fn from_settings(settings: &Settings, bind: SocketAddr) -> anyhow::Result<Self> {
        let base_url = match &settings.base_url {
            Some(raw) => {
                let url = Url::parse(raw).with_context(|| format!("BASE_URL is not a URL: {raw:?}"))?;
                if !matches!(url.scheme(), "http" | "https") {
                    bail!("BASE_URL must start with http:// or https://, got {raw:?}");
                }
                url
            }
            None => Url::parse(&format!("http://{bind}")).context("BASE_URL could not be derived from BIND")?,
        };
        let smtp_url = match &settings.smtp_url {
            Some(raw) if !raw.trim().is_empty() => {
                lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(raw)
                    .map_err(|_| anyhow::anyhow!("SMTP_URL is not a valid smtp:// or smtps:// URL"))?;
                Some(Secret::new(raw.clone()))
            }
            _ => None,
        };
        let mail_from = settings
            .mail_from
            .parse()
            .with_context(|| format!("MAIL_FROM is not an email address: {:?}", settings.mail_from))?;
        if settings.database_max_connections == Some(0) {
            bail!("DATABASE_MAX_CONNECTIONS must be at least 1");
        }
        Ok(Self {
            base_url,
            smtp_url,
            mail_from,
            secure_cookies: settings.secure_cookies,
            run_workers: true,
            demo: false,
            public_cache_ttl: std::time::Duration::from_secs(settings.public_cache_seconds),
        })
    }

    /// A configuration for tests: no SMTP, no workers, plain cookies.
    pub fn for_tests(base_url: Url) -> Self {
        Self {
            base_url,
            smtp_url: None,
            mail_from: "Sweetspot <no-reply@sweetspot.invalid>".parse().expect("valid mailbox"),
            secure_cookies: false,
            run_workers: false,
            demo: false,
            // Tests read what they just wrote; one test turns the cache on to check it.
            public_cache_ttl: std::time::Duration::ZERO,
        }
    }

    /// An absolute link for emails.
    pub fn link(&self, path: &str) -> String {
        let base = self.base_url.as_str().trim_end_matches('/');
        format!("{base}{path}")
    }
}
