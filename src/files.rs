//! Where uploaded files live: a local folder by default, S3-compatible storage when
//! `ATTACHMENT_STORE` is an `s3://bucket/prefix` URL. Only the object store holds the bytes;
//! PostgreSQL holds who may read them, so any app instance can serve any file when the store is
//! shared (S3). A local folder suits one instance.

use std::sync::Arc;

use anyhow::Context;
use object_store::ObjectStore;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;

pub type FileStore = Arc<dyn ObjectStore>;

/// Opens the store named by `location`: a folder path, or `s3://bucket[/prefix]` with the
/// credentials, region and endpoint taken from the usual `AWS_*` variables
/// (`AWS_ENDPOINT` and `AWS_ALLOW_HTTP=true` for S3-compatible servers).
pub fn open(location: &str) -> anyhow::Result<FileStore> {
    if let Some(rest) = location.strip_prefix("s3://") {
        // Needed here, not only in `Application`: the S3 client builds its HTTP client now.
        crate::install_crypto_provider();
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            anyhow::bail!("ATTACHMENT_STORE names no bucket: {location:?}");
        }
        let s3 = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()
            .with_context(|| format!("ATTACHMENT_STORE {location:?} could not be opened"))?;
        let prefix = prefix.trim_matches('/');
        return Ok(if prefix.is_empty() {
            Arc::new(s3)
        } else {
            Arc::new(object_store::prefix::PrefixStore::new(s3, prefix.to_string()))
        });
    }
    std::fs::create_dir_all(location)
        .with_context(|| format!("ATTACHMENT_STORE folder {location:?} could not be created"))?;
    let local = LocalFileSystem::new_with_prefix(location)
        .with_context(|| format!("ATTACHMENT_STORE folder {location:?} could not be opened"))?;
    Ok(Arc::new(local))
}
