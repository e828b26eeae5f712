//! Passwords (argon2id) and the random tokens sent by email or shown once (only hashes are stored).

use anyhow::Context;
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// Hashes a password off the async threads (argon2 takes tens of milliseconds by design).
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
    })
    .await
    .context("password hashing task failed")?
}

/// Checks a password against a stored hash. With no stored hash (unknown email) it still spends
/// the same work on a dummy hash, so response times do not tell whether an account exists.
pub async fn verify_password(password: String, stored: Option<String>) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| DUMMY_HASH.to_string());
        let parsed = PasswordHash::new(&hash).map_err(|e| anyhow::anyhow!("stored hash unreadable: {e}"))?;
        let matches = Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok();
        Ok(known && matches)
    })
    .await
    .context("password check task failed")?
}

/// argon2id hash (default parameters) of a random string nobody knows.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c3dlZXRzcG90LWR1bW15$0vJ6pxmLq8qtvH9XOhBB4aWGZ6y+J6b3h0y3sQm7cGQ";

/// A fresh random token and the hash stored in its place.
pub struct IssuedToken {
    pub plain: String,
    pub hash: String,
}

/// A 256-bit random token with a readable prefix (`ssp_` for API tokens, so leaks are searchable).
pub fn issue_token(prefix: &str) -> IssuedToken {
    let bytes: [u8; 32] = rand::random();
    let plain = format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes));
    let hash = hash_token(&plain);
    IssuedToken { plain, hash }
}

/// SHA-256 suffices for high-entropy tokens: nobody can guess them, so no slow hash is needed.
pub fn hash_token(plain: &str) -> String {
    hex::encode(Sha256::digest(plain.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_password_matches_only_its_own_hash() {
        let hash = hash_password("lantern-orchid-velvet-42".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("lantern-orchid-velvet-42".into(), Some(hash.clone())).await.unwrap());
        assert!(!verify_password("lantern-orchid-velvet-43".into(), Some(hash)).await.unwrap());
    }

    #[tokio::test]
    async fn an_unknown_account_never_matches_but_still_costs_a_hash() {
        assert!(!verify_password("anything-at-all-here".into(), None).await.unwrap());
    }

    #[test]
    fn tokens_are_unique_and_hashed() {
        let a = issue_token("ssp_");
        let b = issue_token("ssp_");
        assert!(a.plain.starts_with("ssp_"));
        assert_ne!(a.plain, b.plain);
        assert_eq!(a.hash, hash_token(&a.plain));
        assert_eq!(a.hash.len(), 64);
    }
}
