//! Outbox delivery over real SMTP (a small in-process SMTP server), retries, and no double sends.

use std::sync::{Arc, Mutex};

use sweetspot::notify::worker::{Mailer, deliver_due};
use sweetspot::notify::{Email, enqueue};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use crate::helpers::fresh_database;

/// Accepts SMTP sessions and records each message's DATA.
async fn smtp_server() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let messages = Arc::new(Mutex::new(Vec::new()));
    let received = messages.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let received = received.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 test ESMTP\r\n").await.ok();
                let mut in_data = false;
                let mut data = String::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            received.lock().unwrap().push(std::mem::take(&mut data));
                            write.write_all(b"250 queued\r\n").await.ok();
                        } else {
                            data.push_str(&line);
                            data.push('\n');
                        }
                        continue;
                    }
                    let command = line.to_ascii_uppercase();
                    let reply: &[u8] = if command.starts_with("EHLO") {
                        b"250-test\r\n250 8BITMIME\r\n"
                    } else if command.starts_with("DATA") {
                        in_data = true;
                        b"354 go ahead\r\n"
                    } else if command.starts_with("QUIT") {
                        write.write_all(b"221 bye\r\n").await.ok();
                        return;
                    } else {
                        b"250 ok\r\n"
                    };
                    write.write_all(reply).await.ok();
                }
            });
        }
    });
    (port, messages)
}

fn email(to: &str, subject: &str) -> Email {
    Email { to: to.into(), subject: subject.into(), body: format!("Hello {to}"), carries_secret: false }
}

#[tokio::test]
async fn queued_emails_are_delivered_by_smtp_and_marked_sent() {
    let pool = fresh_database().await;
    let (port, messages) = smtp_server().await;
    let mut conn = pool.acquire().await.unwrap();
    enqueue(&mut conn, None, email("ana@gov.example", "Welcome")).await.unwrap();
    drop(conn);
    let mailer =
        Mailer::new(&format!("smtp://127.0.0.1:{port}"), "Sweetspot <no-reply@sweetspot.example>".parse().unwrap())
            .unwrap();
    assert_eq!(deliver_due(&pool, &mailer).await.unwrap(), 1);
    let messages = messages.lock().unwrap().clone();
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains("Subject: Welcome"));
    assert!(messages[0].contains("To: ana@gov.example"));
    let (status, attempts): (String, i32) =
        sqlx::query_as("select status, attempts from outbox").fetch_one(&pool).await.unwrap();
    assert_eq!((status.as_str(), attempts), ("sent", 1));
    // Nothing left to send.
    assert_eq!(deliver_due(&pool, &mailer).await.unwrap(), 0);
}

#[tokio::test]
async fn a_failed_delivery_is_retried_later_with_back_off() {
    let pool = fresh_database().await;
    let mut conn = pool.acquire().await.unwrap();
    enqueue(&mut conn, None, email("ana@gov.example", "Welcome")).await.unwrap();
    drop(conn);
    // Nothing listens on this port.
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap().port();
    let mailer =
        Mailer::new(&format!("smtp://127.0.0.1:{closed}"), "Sweetspot <no-reply@sweetspot.example>".parse().unwrap())
            .unwrap();
    assert_eq!(deliver_due(&pool, &mailer).await.unwrap(), 1);
    let (status, attempts, waits, error): (String, i32, bool, Option<String>) = sqlx::query_as(
        "select status, attempts, next_attempt_at > now() + interval '50 seconds', last_error from outbox",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(status, "pending");
    assert_eq!(attempts, 1);
    assert!(waits, "the next attempt waits about a minute");
    assert!(error.is_some());
    // Not due yet: the next round leaves it alone.
    assert_eq!(deliver_due(&pool, &mailer).await.unwrap(), 0);
}

#[tokio::test]
async fn two_workers_never_send_the_same_email_twice() {
    let pool = fresh_database().await;
    let (port, messages) = smtp_server().await;
    let mut conn = pool.acquire().await.unwrap();
    for i in 0..30 {
        enqueue(&mut conn, None, email(&format!("person{i}@gov.example"), &format!("Message {i}"))).await.unwrap();
    }
    drop(conn);
    let url = format!("smtp://127.0.0.1:{port}");
    let from: lettre::message::Mailbox = "Sweetspot <no-reply@sweetspot.example>".parse().unwrap();
    let first = Mailer::new(&url, from.clone()).unwrap();
    let second = Mailer::new(&url, from).unwrap();
    let (pool_a, pool_b) = (pool.clone(), pool.clone());
    let a = tokio::spawn(async move {
        let mut total = 0;
        while let Ok(n) = deliver_due(&pool_a, &first).await {
            if n == 0 {
                break;
            }
            total += n;
        }
        total
    });
    let b = tokio::spawn(async move {
        let mut total = 0;
        while let Ok(n) = deliver_due(&pool_b, &second).await {
            if n == 0 {
                break;
            }
            total += n;
        }
        total
    });
    let (a, b) = (a.await.unwrap(), b.await.unwrap());
    assert_eq!(a + b, 30);
    let messages = messages.lock().unwrap().clone();
    assert_eq!(messages.len(), 30);
    let mut subjects: Vec<&str> =
        messages.iter().filter_map(|m| m.lines().find(|l| l.starts_with("Subject: "))).collect();
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), 30, "each email went out exactly once");
    let sent: i64 =
        sqlx::query_scalar("select count(*) from outbox where status = 'sent'").fetch_one(&pool).await.unwrap();
    assert_eq!(sent, 30);
}

#[tokio::test]
async fn without_smtp_each_email_is_written_into_the_mail_folder_only_its_owner_reads() {
    use std::os::unix::fs::PermissionsExt;
    let owner = fresh_database().await;
    let mut conn = owner.acquire().await.unwrap();
    // As long as a real one: a line past 76 characters is what quoted-printable folds.
    let link = "https://sweetspot.example/verify-email/_e4S5G2dWa9_ytgVm3IqpFpgoyF1De69fQnk1Y2tQ";
    let secret = Email {
        to: "ana@gov.example".into(),
        subject: "Confirm your email address".into(),
        body: format!("Open {link}"),
        carries_secret: true,
    };
    enqueue(&mut conn, None, secret).await.unwrap();
    drop(conn);
    let folder = tempfile::tempdir().unwrap();
    let mail_dir = folder.path().join("mail");
    let mailer = Mailer::folder(&mail_dir, "Sweetspot <no-reply@sweetspot.example>".parse().unwrap()).unwrap();
    // The worker runs as the runtime role: the outbox's delivery policy lets it through the wall.
    let app = crate::helpers::runtime_pool(&owner).await;
    assert_eq!(deliver_due(&app, &mailer).await.unwrap(), 1);
    let files: Vec<_> = std::fs::read_dir(&mail_dir).unwrap().map(|entry| entry.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0].extension().and_then(|e| e.to_str()), Some("eml"));
    let message = std::fs::read_to_string(&files[0]).unwrap();
    assert!(message.contains("To: ana@gov.example"), "{message}");
    assert!(message.contains(link), "{message}");
    // Plain 8-bit text: a link never folded by quoted-printable, whole in any text editor.
    assert!(message.contains("Content-Transfer-Encoding: 8bit"), "{message}");
    // UTF-8 declared, as RFC 2045 asks: without it a mail program reads US-ASCII.
    assert!(message.contains("MIME-Version: 1.0"), "{message}");
    assert!(message.to_ascii_lowercase().contains("content-type: text/plain; charset=utf-8"), "{message}");
    assert_eq!(std::fs::metadata(&mail_dir).unwrap().permissions().mode() & 0o777, 0o700);
    let status: String = sqlx::query_scalar("select status from outbox").fetch_one(&owner).await.unwrap();
    assert_eq!(status, "sent");
}
