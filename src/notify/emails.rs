//! The text of every email, in the recipient's language (Fluent keys `email-*`).

use super::Email;
use crate::i18n::Lang;

pub fn verify_email(lang: Lang, to: &str, name: &str, link: &str) -> Email {
    let args = [("name", name.to_string()), ("link", link.to_string())];
    Email {
        to: to.into(),
        subject: lang.t("email-verify-subject"),
        body: lang.t_args("email-verify-body", &args),
        carries_secret: true,
    }
}

pub fn reset_password(lang: Lang, to: &str, name: &str, link: &str) -> Email {
    let args = [("name", name.to_string()), ("link", link.to_string())];
    Email {
        to: to.into(),
        subject: lang.t("email-reset-subject"),
        body: lang.t_args("email-reset-body", &args),
        carries_secret: true,
    }
}

/// An invitation to a tenant role (`what` is the role's name) or to an organisation (its name).
pub fn invitation(lang: Lang, to: &str, inviter: &str, tenant_name: &str, what: &str, link: &str) -> Email {
    let args = [
        ("inviter", inviter.to_string()),
        ("tenant", tenant_name.to_string()),
        ("what", what.to_string()),
        ("link", link.to_string()),
    ];
    Email {
        to: to.into(),
        subject: lang.t_args("email-invitation-subject", &args),
        body: lang.t_args("email-invitation-body", &args),
        carries_secret: true,
    }
}

/// Sent instead of a verification link when someone signs up with an address that has an account.
pub fn account_exists(lang: Lang, to: &str, name: &str, login_link: &str, reset_link: &str) -> Email {
    let args = [("name", name.to_string()), ("login", login_link.to_string()), ("reset", reset_link.to_string())];
    Email {
        to: to.into(),
        subject: lang.t("email-account-exists-subject"),
        body: lang.t_args("email-account-exists-body", &args),
        carries_secret: false,
    }
}
