//! The connection pool, migrations, the owner and runtime roles (`roles.rs`), and the embedded
//! PostgreSQL used when no `DATABASE_URL` is set.

pub mod cursor;
pub mod embedded;
pub mod roles;
pub mod wall;

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

pub use embedded::{Durability, EmbeddedPostgres};
pub use roles::{RUNTIME_ROLE, RuntimeLogin, check_runtime_role, create_runtime_role, grant_runtime_privileges};

use crate::error::AppError;

/// Migrations compiled into the binary, run at start-up.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Where the database is and who connects to it, as the settings give it.
#[derive(Clone, Copy, Debug)]
pub struct DatabaseSettings<'a> {
    /// `DATABASE_URL`: the server, and the login requests are served with. Unset: embedded.
    pub url: Option<&'a str>,
    /// `MIGRATION_DATABASE_URL`: the owner's login, when `url` is the app's own login.
    pub migration_url: Option<&'a str>,
    /// Folder of the embedded cluster.
    pub data_dir: &'a Path,
    pub max_connections: u32,
}

/// The runtime pool (see `roles.rs`) plus, when the program manages its own server, that server
/// (stopped on drop).
pub struct Database {
    pub pool: PgPool,
    pub embedded: Option<EmbeddedPostgres>,
}

impl Database {
    /// Brings the schema up to date as the owner, then connects the runtime pool and checks that
    /// it cannot bypass row-level security. Errors name the setting at fault.
    pub async fn open(settings: DatabaseSettings<'_>) -> anyhow::Result<Self> {
        let (owner, runtime, login, embedded) = match (settings.url, settings.migration_url) {
            (Some(url), Some(migration_url)) => {
                let runtime: PgConnectOptions = url.parse().context("DATABASE_URL is not a valid postgres:// URL")?;
                let owner: PgConnectOptions =
                    migration_url.parse().context("MIGRATION_DATABASE_URL is not a valid postgres:// URL")?;
                if owner.get_database() != runtime.get_database() {
                    anyhow::bail!(
                        "MIGRATION_DATABASE_URL and DATABASE_URL name different databases ({:?} and {:?}): they must be the same database, as two logins",
                        owner.get_database().unwrap_or_default(),
                        runtime.get_database().unwrap_or_default()
                    );
                }
                let role = runtime.get_username().to_string();
                (owner, runtime, RuntimeLogin::OwnLogin { role }, None)
            }
            (Some(url), None) => {
                let options: PgConnectOptions = url.parse().context("DATABASE_URL is not a valid postgres:// URL")?;
                (options.clone(), options, RuntimeLogin::SetRole { role: RUNTIME_ROLE.into() }, None)
            }
            (None, Some(_)) => anyhow::bail!("MIGRATION_DATABASE_URL is set without DATABASE_URL"),
            (None, None) => {
                let dir = settings.data_dir.to_path_buf();
                let cluster = tokio::task::spawn_blocking(move || EmbeddedPostgres::start(&dir, Durability::Durable))
                    .await
                    .context("embedded PostgreSQL start-up panicked")??;
                cluster.stop_when_process_exits(Durability::Durable)?;
                ensure_database(&cluster.connect_options("postgres"), "sweetspot").await?;
                let owner = cluster.connect_options("sweetspot");
                let runtime = owner.clone().username(RUNTIME_ROLE);
                (owner, runtime, RuntimeLogin::OwnLogin { role: RUNTIME_ROLE.into() }, Some(cluster))
            }
        };
        let owner_name = if settings.migration_url.is_some() { "MIGRATION_DATABASE_URL" } else { "DATABASE_URL" };
        let owner_pool = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(owner)
            .await
            .with_context(|| format!("cannot connect to PostgreSQL as the owner (check {owner_name})"))?;
        prepare(&owner_pool, &login, embedded.is_some()).await?;
        owner_pool.close().await;
        let pool = runtime_pool(runtime, &login, settings.max_connections)
            .await
            .context("cannot connect to PostgreSQL (check DATABASE_URL)")?;
        check_runtime_role(&pool).await?;
        Ok(Self { pool, embedded })
    }
}

/// As the owner: migrations, the runtime role where the app manages it, and its privileges.
/// `embedded` says the role logs in itself (the cluster trusts its socket).
pub async fn prepare(owner: &PgPool, login: &RuntimeLogin, embedded: bool) -> anyhow::Result<()> {
    migrate(owner).await.context(
        "the owner's login runs the migrations: with MIGRATION_DATABASE_URL unset that is DATABASE_URL's, which must then own the schema",
    )?;
    let mut connection = owner.acquire().await?;
    match login {
        RuntimeLogin::SetRole { .. } => create_runtime_role(&mut connection, false).await?,
        RuntimeLogin::OwnLogin { .. } if embedded => create_runtime_role(&mut connection, true).await?,
        RuntimeLogin::OwnLogin { .. } => {}
    }
    grant_runtime_privileges(&mut connection, login.role()).await
}

/// The pool requests are served from: connections that are the runtime role (switching to it as
/// they connect, for one login).
pub async fn runtime_pool(
    options: PgConnectOptions,
    login: &RuntimeLogin,
    max_connections: u32,
) -> sqlx::Result<PgPool> {
    let pool = pool_options(max_connections);
    let pool = match login {
        RuntimeLogin::OwnLogin { .. } => pool,
        RuntimeLogin::SetRole { role } => {
            let set_role = format!("set role {role}");
            pool.after_connect(move |connection, _| {
                let set_role = set_role.clone();
                Box::pin(async move {
                    sqlx::Executor::execute(connection, set_role.as_str()).await?;
                    Ok(())
                })
            })
        }
    };
    pool.connect_with(options).await
}

pub fn pool_options(max_connections: u32) -> PgPoolOptions {
    // No ping before handing out a connection: it doubled the round trips of every request, and a
    // connection that died since its last use fails its query and is dropped from the pool anyway.
    PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(5))
        .test_before_acquire(false)
}

/// The app's migrations and the session store's table, as the owner.
pub async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    MIGRATOR.run(pool).await.context("database migrations failed")?;
    tower_sessions_sqlx_store::PostgresStore::new(pool.clone())
        .migrate()
        .await
        .context("session table migration failed")?;
    Ok(())
}

/// One round trip to the server (readiness).
pub async fn ping(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query("select 1").execute(pool).await.map(|_| ())
}

/// Creates `name` on the server unless it exists.
pub async fn ensure_database(admin: &PgConnectOptions, name: &str) -> anyhow::Result<()> {
    use sqlx::Connection;
    let mut connection =
        sqlx::PgConnection::connect_with(admin).await.context("cannot connect to the embedded PostgreSQL")?;
    let exists: bool = sqlx::query_scalar("select exists (select 1 from pg_database where datname = $1)")
        .bind(name)
        .fetch_one(&mut connection)
        .await?;
    if !exists {
        sqlx::query(&format!("create database \"{name}\"")).execute(&mut connection).await?;
    }
    connection.close().await?;
    Ok(())
}

/// True when the error is a unique violation of the named constraint or index.
pub fn is_unique_violation(error: &sqlx::Error, constraint: &str) -> bool {
    match error {
        sqlx::Error::Database(db) => db.is_unique_violation() && db.constraint() == Some(constraint),
        _ => false,
    }
}

/// Names what a unique constraint means where a write can break it: a violation of `constraint`
/// becomes the error `meaning` gives (usually a field error), every other database error passes
/// on as it is. After realworld-axum-sqlx's `ResultExt::on_constraint`.
pub trait OnConstraint<T> {
    fn on_constraint(self, constraint: &str, meaning: impl FnOnce() -> AppError) -> Result<T, AppError>;
}

impl<T> OnConstraint<T> for Result<T, sqlx::Error> {
    fn on_constraint(self, constraint: &str, meaning: impl FnOnce() -> AppError) -> Result<T, AppError> {
        self.map_err(|error| if is_unique_violation(&error, constraint) { meaning() } else { error.into() })
    }
}
