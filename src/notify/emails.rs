//! The text of every email, in the recipient's language (Fluent keys `email-*`); an email that
//! names a time takes the recipient's `Reader` (language and zone) and the instant, never a time
//! already written for someone else.

use chrono::{DateTime, Utc};

use super::Email;
use crate::i18n::{Lang, Reader};

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

/// Sent when a submission is received; `answers` is a plain-text copy of what was sent.
pub fn receipt(lang: Lang, to: &str, name: &str, call: &str, title: &str, link: &str, answers: &str) -> Email {
    let args = [
        ("name", name.to_string()),
        ("call", call.to_string()),
        ("title", title.to_string()),
        ("link", link.to_string()),
        ("answers", answers.to_string()),
    ];
    Email {
        to: to.into(),
        subject: lang.t_args("email-receipt-subject", &args),
        body: lang.t_args("email-receipt-body", &args),
        carries_secret: false,
    }
}

/// Sent to applicants when a call's deadline moves to `closes_at`, written in the recipient's
/// language and zone (`reader`).
pub fn deadline_extended(
    reader: Reader,
    to: &str,
    name: &str,
    call: &str,
    closes_at: &DateTime<Utc>,
    link: &str,
) -> Email {
    let lang = reader.lang;
    let args = [
        ("name", name.to_string()),
        ("call", call.to_string()),
        ("when", reader.datetime(closes_at)),
        ("link", link.to_string()),
    ];
    Email {
        to: to.into(),
        subject: lang.t_args("email-deadline-subject", &args),
        body: lang.t_args("email-deadline-body", &args),
        carries_secret: false,
    }
}

/// Sent to a reviewer whose assigned entries are not all reviewed: how many are left, when the
/// round closes (in the reviewer's zone), and the link to their list.
pub fn review_reminder(
    reader: Reader,
    to: &str,
    name: &str,
    (round, call): (&str, &str),
    missing: i64,
    closes_at: &DateTime<Utc>,
    link: &str,
) -> Email {
    let lang = reader.lang;
    let args = [
        ("name", name.to_string()),
        ("round", round.to_string()),
        ("call", call.to_string()),
        ("count", missing.to_string()),
        ("when", reader.datetime(closes_at)),
        ("link", link.to_string()),
    ];
    Email {
        to: to.into(),
        subject: lang.t_args("email-review-reminder-subject", &args),
        body: lang.t_args("email-review-reminder-body", &args),
        carries_secret: false,
    }
}

/// An invitation to review in one round, to an address that may have no account: the round, its
/// call and host, when it closes (in the reader's zone), and the join page, which holds no secret.
pub fn round_invitation(
    reader: Reader,
    to: &str,
    (inviter, tenant): (&str, &str),
    (round, call): (&str, &str),
    closes_at: &DateTime<Utc>,
    link: &str,
) -> Email {
    let lang = reader.lang;
    let args = [
        ("inviter", inviter.to_string()),
        ("tenant", tenant.to_string()),
        ("round", round.to_string()),
        ("call", call.to_string()),
        ("closes", reader.datetime(closes_at)),
        ("email", to.to_string()),
        ("link", link.to_string()),
    ];
    Email {
        to: to.into(),
        subject: lang.t_args("email-round-invitation-subject", &args),
        body: lang.t_args("email-round-invitation-body", &args),
        carries_secret: false,
    }
}

/// To a team on a waiting list that moved up when another was promoted: its new place.
pub fn waitlist_moved(
    lang: Lang,
    to: &str,
    name: &str,
    (title, call): (&str, &str),
    position: i32,
    link: &str,
) -> Email {
    let args = [
        ("name", name.to_string()),
        ("title", title.to_string()),
        ("call", call.to_string()),
        ("position", position.to_string()),
        ("link", link.to_string()),
    ];
    Email {
        to: to.into(),
        subject: lang.t_args("email-waitlist-moved-subject", &args),
        body: lang.t_args("email-waitlist-moved-body", &args),
        carries_secret: false,
    }
}

/// To staff: a selected team gave up its place, with the call's decisions page to offer it on.
pub fn place_declined(lang: Lang, to: &str, team: &str, (title, call): (&str, &str), link: &str) -> Email {
    let args = [
        ("team", team.to_string()),
        ("title", title.to_string()),
        ("call", call.to_string()),
        ("link", link.to_string()),
    ];
    Email {
        to: to.into(),
        subject: lang.t_args("email-place-declined-subject", &args),
        body: lang.t_args("email-place-declined-body", &args),
        carries_secret: false,
    }
}

/// To a selected team that has not confirmed it takes part: the entry and its decision page.
pub fn confirmation_reminder(lang: Lang, to: &str, name: &str, title: &str, link: &str) -> Email {
    let args = [("name", name.to_string()), ("title", title.to_string()), ("link", link.to_string())];
    Email {
        to: to.into(),
        subject: lang.t_args("email-confirm-reminder-subject", &args),
        body: lang.t_args("email-confirm-reminder-body", &args),
        carries_secret: false,
    }
}

/// To a member of a matched team: the programme published its matches, and theirs names the
/// other teams; the match page has the details (and the advisory board's shared comments).
pub fn match_published(
    lang: Lang,
    to: &str,
    name: &str,
    (programme, challenge): (&str, &str),
    teams: &str,
    link: &str,
) -> Email {
    let args = [
        ("name", name.to_string()),
        ("programme", programme.to_string()),
        ("challenge", challenge.to_string()),
        ("teams", teams.to_string()),
        ("link", link.to_string()),
    ];
    Email {
        to: to.into(),
        subject: lang.t_args("email-match-published-subject", &args),
        body: lang.t_args("email-match-published-body", &args),
        carries_secret: false,
    }
}

/// To someone a comment reaches (a team of the subject for a shared comment, a participant of the
/// thread for a reply): who wrote, on what, and the link. Never the comment's text, so an email
/// forwarded or misdelivered carries nothing of the discussion.
pub fn comment_added(
    lang: Lang,
    (to, name): (&str, &str),
    author: &str,
    (subject_kind_key, subject): (&str, &str),
    reply: bool,
    link: &str,
) -> Email {
    let args = [
        ("name", name.to_string()),
        ("author", author.to_string()),
        ("kind", lang.t(subject_kind_key)),
        ("subject", subject.to_string()),
        ("link", link.to_string()),
    ];
    let (subject_key, body_key) = if reply {
        ("email-comment-reply-subject", "email-comment-reply-body")
    } else {
        ("email-comment-added-subject", "email-comment-added-body")
    };
    Email {
        to: to.into(),
        subject: lang.t_args(subject_key, &args),
        body: lang.t_args(body_key, &args),
        carries_secret: false,
    }
}

/// A person's daily digest of comments: for each subject (title, number of new comments and
/// replies, link to its discussion). Never a comment's text.
pub fn comment_digest(lang: Lang, (to, name): (&str, &str), subjects: &[(String, i64, String)]) -> Email {
    let lines: Vec<String> = subjects
        .iter()
        .map(|(title, count, link)| {
            let args = [("subject", title.clone()), ("count", count.to_string()), ("link", link.clone())];
            lang.t_args("email-comment-digest-line", &args)
        })
        .collect();
    let args = [("name", name.to_string()), ("subjects", lines.join("\n\n")), ("count", subjects.len().to_string())];
    Email {
        to: to.into(),
        subject: lang.t_args("email-comment-digest-subject", &args),
        body: lang.t_args("email-comment-digest-body", &args),
        carries_secret: false,
    }
}
