//! The command line: parses flags and environment, then hands over to the library.

use std::net::SocketAddr;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use sweetspot::config::{Config, LogFormat, Settings};
use sweetspot::db::Database;
use sweetspot::{AppState, Application, accounts, demo, notify, tenancy};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(name = "sweetspot", version, about = "Government-to-government innovation incubators")]
struct Cli {
    #[command(flatten)]
    settings: Settings,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application.
    Serve {
        /// Load the demo programme before serving.
        #[arg(long)]
        demo: bool,
    },
    /// Ask the server at BIND whether it is ready (`/readyz`): exit 0 if so, 1 with one line if
    /// not. The container image's HEALTHCHECK runs it.
    Healthcheck,
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Load the demo programme into the database and exit.
    Demo,
    /// Manage tenants.
    Tenant {
        #[command(subcommand)]
        command: TenantCommand,
    },
}

#[derive(Subcommand)]
enum TenantCommand {
    /// Create a tenant and invite its first admin (prints the invitation link).
    Create {
        /// Short name used in URLs, e.g. "opsi".
        slug: String,
        /// The host organisation's name.
        #[arg(long)]
        name: String,
        /// Email address of the first admin.
        #[arg(long)]
        admin_email: String,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    init_tracing(cli.settings.log_format);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            // One clear line, naming the setting at fault where there is one.
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn init_tracing(format: LogFormat) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_sessions=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Pretty => builder.init(),
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = cli.settings;
    // Every command derives links from the same BIND and BASE_URL as the server.
    let bind = settings.bind;
    if let Command::Healthcheck = cli.command {
        return healthcheck(bind).await;
    }
    let mut config = Config::from_settings(&settings, bind)?;
    let database = Database::open(settings.database()).await?;
    let result = match cli.command {
        Command::Migrate => {
            tracing::info!("database schema is up to date");
            Ok(())
        }
        Command::Demo => {
            demo::load(&database.pool, &config).await?;
            println!("{}", demo::credentials_help(config.base_url.as_str().trim_end_matches('/')));
            Ok(())
        }
        Command::Tenant { command: TenantCommand::Create { slug, name, admin_email } } => {
            let (tenant, link) =
                tenancy::service::create_tenant(&database.pool, &config, &slug, &name, &admin_email).await?;
            println!("Created tenant {:?} ({}).", tenant.name, tenant.slug);
            println!("Invitation for the first admin ({admin_email}), valid 14 days:\n{link}");
            Ok(())
        }
        Command::Healthcheck => unreachable!("answered before the database opens"),
        Command::Serve { demo: load_demo } => {
            if load_demo {
                demo::load(&database.pool, &config).await?;
                config.demo = true;
            }
            let files = sweetspot::files::open(&settings.attachment_store)?;
            serve(database.pool.clone(), config, files, bind, &settings.mail_dir).await
        }
    };
    drop(database);
    result
}

async fn serve(
    pool: sqlx::PgPool,
    config: Config,
    files: sweetspot::files::FileStore,
    bind: SocketAddr,
    mail_dir: &std::path::Path,
) -> anyhow::Result<()> {
    use tower_sessions::ExpiredDeletion;
    let config = Arc::new(config);
    let mailer = match &config.smtp_url {
        Some(url) => notify::worker::Mailer::new(url.expose(), config.mail_from.clone())?,
        None => {
            let mailer = notify::worker::Mailer::folder(mail_dir, config.mail_from.clone())?;
            tracing::info!("no SMTP_URL: emails are written as .eml files into {}", mail_dir.display());
            mailer
        }
    };
    if config.run_workers {
        tokio::spawn(notify::worker::run(pool.clone(), mailer));
        tokio::spawn(prune_login_failures(pool.clone()));
        tokio::spawn(remind_late_reviewers(pool.clone(), config.clone()));
        let store = tower_sessions_sqlx_store::PostgresStore::new(pool.clone());
        tokio::spawn(async move {
            if let Err(error) = store.continuously_delete_expired(tokio::time::Duration::from_secs(300)).await {
                tracing::error!(error = %error, "expired-session cleanup stopped");
            }
        });
    }
    let app = Application::bind(AppState::new(pool, config.clone(), files), bind).await?;
    tracing::info!(address = %app.address(), smtp = config.smtp_url.is_some(), "Sweetspot is listening on {}", config.base_url);
    if config.demo {
        tracing::info!("\n{}", demo::credentials_help(config.base_url.as_str().trim_end_matches('/')));
    }
    app.serve(shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

/// Asks `/readyz` of the server listening on `bind` (on loopback when it listens on every
/// address), within 3 seconds.
async fn healthcheck(bind: SocketAddr) -> anyhow::Result<()> {
    let mut address = bind;
    if address.ip().is_unspecified() {
        address.set_ip(if bind.is_ipv4() {
            std::net::Ipv4Addr::LOCALHOST.into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        });
    }
    sweetspot::install_crypto_provider();
    let url = format!("http://{address}/readyz");
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(3)).build()?;
    let response = client.get(&url).send().await.map_err(|error| anyhow::anyhow!("{url} did not answer: {error}"))?;
    if response.status() != reqwest::StatusCode::OK {
        anyhow::bail!("{url} answered {}: not ready", response.status());
    }
    Ok(())
}

/// Every hour, forgets sign-in failures older than the throttle looks at.
async fn prune_login_failures(pool: sqlx::PgPool) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        if let Err(error) = accounts::service::prune_login_failures(&pool).await {
            tracing::warn!(error = %error, "pruning old sign-in failures failed");
        }
    }
}

/// The automatic reminders, checked every five minutes: late reviewers once per round before it
/// closes, selected teams that have not confirmed every three days, and the daily digests of
/// comments of those who chose them.
async fn remind_late_reviewers(pool: sqlx::PgPool, config: Arc<Config>) {
    let mut every_five_minutes = tokio::time::interval(std::time::Duration::from_secs(300));
    loop {
        every_five_minutes.tick().await;
        match sweetspot::selection::service::send_due_reminders(&pool, &config).await {
            Ok(0) => {}
            Ok(written) => tracing::info!(written, "reminded late reviewers"),
            Err(error) => tracing::warn!(error = %error, "reminding late reviewers failed"),
        }
        match sweetspot::selection::service::send_confirmation_reminders(&pool, &config).await {
            Ok(0) => {}
            Ok(written) => tracing::info!(written, "reminded selected teams to confirm"),
            Err(error) => tracing::warn!(error = %error, "reminding selected teams failed"),
        }
        match sweetspot::advisory::service::send_daily_digests(&pool, &config).await {
            Ok(0) => {}
            Ok(written) => tracing::info!(written, "sent daily digests of comments"),
            Err(error) => tracing::warn!(error = %error, "sending daily digests of comments failed"),
        }
    }
}

/// Ctrl-C or SIGTERM: stop accepting, finish what is in flight, then stop the embedded database.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
