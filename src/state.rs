//! What every handler can reach: the pool, the settings, the file store and the public cache.
//! Holds no per-user state, so any instance can serve any request.

use std::sync::Arc;

use sqlx::pool::PoolConnection;
use sqlx::{PgPool, Postgres};

use crate::config::Config;
use crate::error::AppError;
use crate::files::FileStore;
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

    /// A connection for a handler's reads: services' reads take one (`&mut conn`), so that a page
    /// that reads several things takes one connection from the pool, not one per read. Verbs
    /// take the pool and open their own transaction.
    pub async fn db(&self) -> Result<PoolConnection<Postgres>, AppError> {
        Ok(self.pool.acquire().await?)
    }
}
