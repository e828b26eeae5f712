//! What every handler can reach: the pool, the settings, the file store and the public cache.
//! Holds no per-user state, so any instance can serve any request.

use std::sync::Arc;

use sqlx::pool::PoolConnection;
use sqlx::{PgPool, Postgres, Transaction};

use crate::config::Config;
use crate::error::AppError;
use crate::files::FileStore;
use crate::ids::UserId;
use crate::web::cache::PublicCache;

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub config: Arc<Config>,
    /// Uploaded files (attachments).
    pub files: FileStore,
    /// What signed-out readers see, kept for a second or two (`web/cache.rs`).
    pub public: PublicCache,
}

impl AppState {
    pub fn new(pool: PgPool, config: Arc<Config>, files: FileStore) -> Self {
        let public = PublicCache::new(config.public_cache_ttl);
        Self { pool, config, files, public }
    }

    /// A transaction that sees `user`'s own memberships in every tenant, and no other tenant rows.
    pub async fn person_db(&self, user: UserId) -> Result<Transaction<'static, Postgres>, AppError> {
        Ok(crate::db::wall::begin_as_person(&self.pool, user).await?)
    }

    /// A connection outside every tenant's wall, for what belongs to no tenant (people, their
    /// tokens, countries, the list of tenants): tenant tables show it no rows.
    pub async fn platform_db(&self) -> Result<PoolConnection<Postgres>, AppError> {
        Ok(self.pool.acquire().await?)
    }
}
