//! The connection pool, migrations, and the embedded PostgreSQL used when no `DATABASE_URL` is set.

pub mod cursor;
pub mod embedded;

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

pub use embedded::{Durability, EmbeddedPostgres};

use crate::error::AppError;

/// Migrations compiled into the binary, run at start-up.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// A pool plus, when the program manages its own server, that server (stopped on drop).
pub struct Database {
    pub pool: PgPool,
    pub embedded: Option<EmbeddedPostgres>,
}

impl Database {
    /// Connects to `DATABASE_URL`, or starts the embedded cluster in `data_dir`.
    pub async fn open(database_url: Option<&str>, data_dir: &Path, max_connections: u32) -> anyhow::Result<Self> {
        let (options, embedded) = match database_url {
            Some(url) => {
                let options: PgConnectOptions = url.parse().context("DATABASE_URL is not a valid postgres:// URL")?;
                (options, None)
            }
            None => {
                let dir = data_dir.to_path_buf();
                let cluster = tokio::task::spawn_blocking(move || EmbeddedPostgres::start(&dir, Durability::Durable))
                    .await
                    .context("embedded PostgreSQL start-up panicked")??;
                cluster.stop_when_process_exits(Durability::Durable)?;
                ensure_database(&cluster.connect_options("postgres"), "sweetspot").await?;
                (cluster.connect_options("sweetspot"), Some(cluster))
            }
        };
        let pool = pool_options(max_connections)
            .connect_with(options)
            .await
            .context("cannot connect to PostgreSQL (check DATABASE_URL)")?;
        Ok(Self { pool, embedded })
    }

    /// Brings the schema up to date: the app's migrations and the session store's table.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        migrate(&self.pool).await
    }
}

pub fn pool_options(max_connections: u32) -> PgPoolOptions {
    // No ping before handing out a connection: it doubled the round trips of every request, and a
    // connection that died since its last use fails its query and is dropped from the pool anyway.
    PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(5))
        .test_before_acquire(false)
}

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
