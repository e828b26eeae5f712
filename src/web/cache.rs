//! Short-lived caches of what signed-out readers see, so a public page costs no query while its
//! data is fresh. A cache, not state: each instance keeps its own, nothing in it is older than
//! `PUBLIC_CACHE_SECONDS`, and signed-in people (staff editing a call included) always read the
//! database. Nothing per reader is cached: pages are still rendered per request, in the reader's
//! zone and with their own CSRF token.

use std::future::Future;
use std::hash::Hash;
use std::sync::Arc;
use std::time::Duration;

use moka::sync::Cache;

use crate::calls::domain::{Call, Section};
use crate::ids::TenantId;
use crate::programmes::domain::Programme;
use crate::tenancy::domain::Tenant;
use crate::web::markdown::SanitisedHtml;

/// A call as its public page shows it, Markdown already rendered and sanitised.
#[derive(Clone)]
pub struct PublicCall {
    pub programme: Programme,
    pub call: Call,
    pub sections: Vec<Section>,
    pub description: SanitisedHtml,
    pub eligibility: SanitisedHtml,
}

#[derive(Clone)]
pub struct PublicCache {
    enabled: bool,
    /// Tenants by slug; `None` caches "no such tenant" too.
    tenants: Cache<String, Option<Tenant>>,
    /// Calls by (tenant, programme slug, call slug).
    calls: Cache<(TenantId, String, String), Option<Arc<PublicCall>>>,
}

impl PublicCache {
    /// `ttl` zero turns caching off (tests, and anyone who wants every read fresh).
    pub fn new(ttl: Duration) -> Self {
        let enabled = !ttl.is_zero();
        let ttl = ttl.max(Duration::from_millis(1));
        Self {
            enabled,
            tenants: Cache::builder().time_to_live(ttl).max_capacity(10_000).build(),
            calls: Cache::builder().time_to_live(ttl).max_capacity(10_000).build(),
        }
    }

    pub async fn tenant<E>(
        &self,
        slug: &str,
        load: impl Future<Output = Result<Option<Tenant>, E>>,
    ) -> Result<Option<Tenant>, E> {
        cached(&self.tenants, self.enabled, slug.to_string(), load).await
    }

    pub async fn call<E>(
        &self,
        key: (TenantId, String, String),
        load: impl Future<Output = Result<Option<Arc<PublicCall>>, E>>,
    ) -> Result<Option<Arc<PublicCall>>, E> {
        cached(&self.calls, self.enabled, key, load).await
    }
}

async fn cached<K, V, E>(
    cache: &Cache<K, V>,
    enabled: bool,
    key: K,
    load: impl Future<Output = Result<V, E>>,
) -> Result<V, E>
where
    K: Hash + Eq + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    if enabled && let Some(value) = cache.get(&key) {
        return Ok(value);
    }
    // Two readers missing at once both load; the second insert wins. Cheaper than a lock.
    let value = load.await?;
    if enabled {
        cache.insert(key, value.clone());
    }
    Ok(value)
}
