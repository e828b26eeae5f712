//! Two roles: the owner, who runs migrations and owns every table, and the runtime role, which
//! serves requests, owns nothing and cannot bypass row-level security.
//!
//! PostgreSQL lets superusers, roles with `BYPASSRLS` and (unless a table forces it) table owners
//! skip row-level security policies, so the tenant wall (`docs/SECURITY.md`) holds only for a
//! connection that is none of these. Three ways to get one:
//! - **Two logins** (`MIGRATION_DATABASE_URL` as the owner, `DATABASE_URL` as the app's own login):
//!   the runtime role is `DATABASE_URL`'s user; the owner grants it what it needs.
//! - **One login** (`DATABASE_URL` only): the owner creates [`RUNTIME_ROLE`] (`nologin`) and each
//!   pooled connection runs `set role` to it when it connects.
//! - **Embedded** (neither): the cluster's superuser creates [`RUNTIME_ROLE`] as a login and the pool
//!   connects as it over the cluster's socket.
//!
//! Whichever way, [`check_runtime_role`] runs before anything is served and refuses a connection
//! that could still see past the wall.

use anyhow::{Context, bail};
use sqlx::{PgConnection, PgPool};

/// The runtime role created by the app when it manages roles itself (one login, or embedded).
pub const RUNTIME_ROLE: &str = "sweetspot_app";

/// How pooled connections become the runtime role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuntimeLogin {
    /// The connection's user already is the runtime role (two logins, embedded).
    OwnLogin { role: String },
    /// The connection logs in as the owner and switches with `set role` (one login).
    SetRole { role: String },
}

impl RuntimeLogin {
    pub fn role(&self) -> &str {
        match self {
            Self::OwnLogin { role } | Self::SetRole { role } => role,
        }
    }
}

/// Creates [`RUNTIME_ROLE`] unless it exists (`login` says whether it may log in itself), and
/// lets the owner `set role` to it. Run by the owner; safe to run again and concurrently.
pub async fn create_runtime_role(owner: &mut PgConnection, login: bool) -> anyhow::Result<()> {
    let login = if login { "login" } else { "nologin" };
    // Two processes starting at once (tests, two instances) may both see the role missing: the
    // loser's `create role` fails with one of these two codes, and the role exists either way.
    let create = format!(
        "do $$ begin
           if not exists (select from pg_roles where rolname = '{RUNTIME_ROLE}') then
             create role {RUNTIME_ROLE} {login} nosuperuser nobypassrls nocreatedb nocreaterole;
           end if;
         exception when duplicate_object or unique_violation then null;
         end $$"
    );
    sqlx::raw_sql(&create).execute(&mut *owner).await.with_context(|| {
        format!("cannot create the runtime role {RUNTIME_ROLE} (the DATABASE_URL login needs CREATEROLE, or set MIGRATION_DATABASE_URL and give DATABASE_URL its own login: see docs/OPERATIONS.md)")
    })?;
    // A superuser may `set role` to anyone; an owner with CREATEROLE needs the membership.
    let is_superuser: bool =
        sqlx::query_scalar("select rolsuper from pg_roles where rolname = current_user").fetch_one(&mut *owner).await?;
    if !is_superuser {
        sqlx::raw_sql(&format!("grant {RUNTIME_ROLE} to current_user"))
            .execute(&mut *owner)
            .await
            .with_context(|| {
                format!("cannot let DATABASE_URL's login switch to {RUNTIME_ROLE} (the role is shared by every database of the server; it needs CREATEROLE and admin rights on {RUNTIME_ROLE}, or set MIGRATION_DATABASE_URL and give DATABASE_URL its own login: docs/OPERATIONS.md)")
            })?;
    }
    Ok(())
}

/// Gives `role` exactly what serving needs, and nothing else: reading and writing rows of the
/// app's tables and the session store, appending to (never changing) the audit log, adding
/// tenants (never changing them) and reading the country list. No DDL, no
/// `truncate`, no migration bookkeeping. Run by the owner after every migration (new tables need
/// their grants); safe to run again.
pub async fn grant_runtime_privileges(owner: &mut PgConnection, role: &str) -> anyhow::Result<()> {
    if !is_plain_identifier(role) {
        bail!("the runtime role's name {role:?} must be lower-case letters, digits and underscores");
    }
    let grants = format!(
        "grant usage on schema public, tower_sessions to {role};
         grant select, insert, update, delete on all tables in schema public to {role};
         grant select, insert, update, delete on all tables in schema tower_sessions to {role};
         grant usage on all sequences in schema public to {role};
         revoke update, delete, truncate on audit_log from {role};
         revoke update, delete on tenants from {role};
         revoke insert, update, delete on countries from {role};
         revoke all on _sqlx_migrations from {role};"
    );
    sqlx::raw_sql(&grants)
        .execute(&mut *owner)
        .await
        .with_context(|| format!("cannot grant the runtime role {role} its privileges"))?;
    Ok(())
}

/// Refuses, in one line, a runtime connection that could bypass row-level security: a superuser,
/// a role with `BYPASSRLS`, the owner of any of the app's tables, or a member of a role that is
/// one of those (membership passes ownership's rights on, and `set role` reaches the rest).
/// Checks the current role, which is what policies apply to (after `set role`, the login itself
/// may be the owner).
pub async fn check_runtime_role(pool: &PgPool) -> anyhow::Result<()> {
    let (role, superuser, bypass_rls, owner): (String, Option<String>, Option<String>, Option<String>) =
        sqlx::query_as(
            "select current_user::text,
                    (select r.rolname::text from pg_roles r
                      where r.rolsuper and pg_has_role(current_user, r.oid, 'MEMBER') order by r.rolname limit 1),
                    (select r.rolname::text from pg_roles r
                      where r.rolbypassrls and pg_has_role(current_user, r.oid, 'MEMBER') order by r.rolname limit 1),
                    (select r.rolname::text from pg_class c join pg_roles r on r.oid = c.relowner
                      where c.relnamespace in ('public'::regnamespace, 'tower_sessions'::regnamespace)
                        and pg_has_role(current_user, c.relowner, 'MEMBER')
                      order by r.rolname limit 1)",
        )
        .fetch_one(pool)
        .await
        .context("cannot inspect the runtime role")?;
    let through = |other: &str| if other == role { String::new() } else { format!(" (as a member of {other})") };
    let (reason, fix) = if let Some(other) = superuser {
        (
            format!("is a superuser{}", through(&other)),
            format!("give it a login that is not (alter role {role} nosuperuser)"),
        )
    } else if let Some(other) = bypass_rls {
        (format!("has BYPASSRLS{}", through(&other)), format!("take it away (alter role {role} nobypassrls)"))
    } else if let Some(other) = owner {
        (
            format!("owns the app's tables{}", through(&other)),
            "give DATABASE_URL a login that owns nothing and is no member of the owner, and MIGRATION_DATABASE_URL the owner's".into(),
        )
    } else {
        return Ok(());
    };
    bail!(
        "refusing to run: the runtime database role {role} {reason}, so the tenant wall (row-level security) would not hold; {fix} (docs/OPERATIONS.md, \"Two roles\")"
    )
}

fn is_plain_identifier(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !name.as_bytes()[0].is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::is_plain_identifier;

    #[test]
    fn role_names_are_plain_identifiers() {
        assert!(is_plain_identifier("sweetspot_app"));
        assert!(is_plain_identifier("app2"));
        assert!(!is_plain_identifier(""));
        assert!(!is_plain_identifier("2app"));
        assert!(!is_plain_identifier("app; drop table users"));
        assert!(!is_plain_identifier("App"));
    }
}
