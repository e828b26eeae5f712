//! Plumbing every page relies on: health checks, security headers, CSRF, limits, error pages.

use reqwest::StatusCode;
use sqlx::postgres::PgPoolOptions;
use std::sync::Arc;

use crate::helpers::{heading, spawn_app};

#[tokio::test]
async fn health_and_readiness_answer_while_the_database_does() {
    let app = spawn_app().await;
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(health.text().await.unwrap(), "ok");
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), StatusCode::OK);
}

#[tokio::test]
async fn readiness_fails_when_the_database_is_unreachable() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    // A pool that can never connect: nothing listens on port 1.
    let pool = PgPoolOptions::new()
        .acquire_timeout(std::time::Duration::from_millis(300))
        .connect_lazy("postgres://nobody@127.0.0.1:1/none")
        .unwrap();
    let state = sweetspot::AppState::new(
        pool,
        Arc::new(sweetspot::config::Config::for_tests(address.parse().unwrap())),
        crate::helpers::test_files(),
    );
    let app = sweetspot::Application::from_listener(state, listener).unwrap();
    tokio::spawn(app.serve(std::future::pending()));
    let client = reqwest::Client::new();
    assert_eq!(client.get(format!("{address}/healthz")).send().await.unwrap().status(), StatusCode::OK);
    let ready = client.get(format!("{address}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn every_page_carries_the_security_headers_and_a_request_id() {
    let app = spawn_app().await;
    let response = app.get("/login").await;
    let headers = response.headers();
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'self'"));
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe-inline"), "no inline code may be allowed: {csp}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");
    assert!(headers.get("strict-transport-security").is_none(), "no HSTS over plain HTTP");
    let request_id = headers["x-request-id"].to_str().unwrap();
    assert_eq!(request_id.len(), 36, "a UUID request id: {request_id}");
}

#[tokio::test]
async fn a_form_without_or_with_a_wrong_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let fields = [("display_name", "Ana Silva"), ("email", "ana@gov.example"), ("password", crate::helpers::PASSWORD)];
    let missing = app.post_form_without_csrf("/signup", &fields).await;
    assert_eq!(missing.status(), StatusCode::FORBIDDEN);
    let body = missing.text().await.unwrap();
    assert_eq!(heading(&body), "Your form expired");

    let mut wrong = fields.to_vec();
    wrong.push(("csrf_token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    let response = app.client.post(app.url("/signup")).form(&wrong).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // A fresh browser with no cookie at all.
    let stranger = reqwest::Client::new();
    let response = stranger.post(app.url("/signup")).form(&fields).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    assert_eq!(app.count("select count(*) from users").await, 0);
    assert_eq!(app.count("select count(*) from outbox").await, 0);
}

#[tokio::test]
async fn a_json_write_with_the_session_cookie_needs_the_csrf_header() {
    let app = spawn_app().await;
    let tenant = app.create_tenant("agency").await;
    let user = app.create_user("ana@gov.example", "Ana").await;
    let _ = (tenant, user);
    app.log_in_ok("ana@gov.example").await;
    let body = serde_json::json!({ "name": "Digital Lab", "country": "BR", "level": "national" });
    let response = app.client.post(app.url("/api/v1/t/agency/organisations")).json(&body).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    assert_eq!(app.count("select count(*) from organisations").await, 0);
    let response = app.send_json(reqwest::Method::POST, "/api/v1/t/agency/organisations", &body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413() {
    let app = spawn_app().await;
    let huge = "x".repeat(2 * 1024 * 1024);
    let token = app.csrf_token().await;
    let response = app
        .client
        .post(app.url("/signup"))
        .form(&[("display_name", huge.as_str()), ("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body = response.text().await.unwrap();
    assert_eq!(heading(&body), "What you sent is too large");
    assert_eq!(app.count("select count(*) from users").await, 0);
}

#[tokio::test]
async fn unknown_pages_and_tenants_are_friendly_404s_in_html_and_problem_json_in_the_api() {
    let app = spawn_app().await;
    let (status, body) = app.get_html("/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(heading(&body), "Page not found");
    assert!(body.contains("Go to the home page"));

    let (status, body) = app.get_html("/t/nobody-here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(heading(&body), "Page not found");

    let response = app.get("/api/v1/t/nobody-here/organisations").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    let problem: serde_json::Value = response.json().await.unwrap();
    assert_eq!(problem["status"], 404);
    assert_eq!(problem["title"], "Page not found");
}

#[tokio::test]
async fn a_wrong_method_gets_a_rendered_405_with_allow() {
    let app = spawn_app().await;
    // Programs (bearer tokens) skip the CSRF check and meet the router's 405.
    let response =
        app.client.delete(app.url("/api/openapi.json")).header("authorization", "Bearer x").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers()["allow"], "GET,HEAD");
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    // A browser's unsafe request without a token is stopped before routing.
    let response = app.client.delete(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn static_files_have_versioned_names_and_long_cache_lifetimes() {
    let app = spawn_app().await;
    let (_, page) = app.get_html("/login").await;
    let document = scraper::Html::parse_document(&page);
    let selector = scraper::Selector::parse("link[rel=stylesheet]").unwrap();
    let href = document
        .select(&selector)
        .filter_map(|l| l.value().attr("href"))
        .find(|h| h.contains("app."))
        .expect("the app stylesheet is linked")
        .to_string();
    assert!(
        href.starts_with("/static/css/app.") && href.ends_with(".css") && href.len() > "/static/css/app..css".len() + 7
    );
    let response = app.get(&href).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(response.headers()["content-type"], "text/css");
    assert_eq!(app.get("/static/css/nope.css").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn pages_are_compressed_when_the_client_accepts_it() {
    let app = spawn_app().await;
    // reqwest would decompress and drop the header: ask with a client that does not.
    let client = reqwest::Client::builder().no_gzip().build().unwrap();
    let response = client.get(app.url("/login")).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(response.headers().get("content-encoding").map(|v| v.to_str().unwrap()), Some("gzip"));
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let app = spawn_app().await;
    let response = app.get("/api/openapi.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    let document: serde_json::Value = response.json().await.unwrap();
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/api/v1/me",
        "/api/v1/t/{tenant}/organisations",
        "/api/v1/t/{tenant}/organisations/{id}",
        "/api/v1/t/{tenant}/invitations",
    ] {
        assert!(document["paths"][path].is_object(), "{path} is documented");
    }
    assert!(document["components"]["securitySchemes"]["bearer"].is_object());
    // Every reference points at something the document holds: a schema named in a response but
    // never registered leaves clients (and schemathesis) unable to read that response.
    // A parameter said to be in the path is one of the path's {names}; the rest are in the query
    // and optional, as the handlers read them.
    // Generated clients name a method after each operationId; two alike make the client
    // unbuildable (and OpenAPI calls the document invalid).
    let mut operation_ids = std::collections::BTreeMap::new();
    for (path, operations) in document["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            if let Some(id) = operation["operationId"].as_str() {
                let earlier = operation_ids.insert(id.to_owned(), format!("{method} {path}"));
                assert!(earlier.is_none(), "operationId {id} is used by {earlier:?} and {method} {path}");
            }
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let name = parameter["name"].as_str().unwrap();
                let in_path = path.contains(&format!("{{{name}}}"));
                let place = if in_path { "path" } else { "query" };
                assert_eq!(parameter["in"], place, "{method} {path}: {name} is a {place} parameter");
                assert_eq!(parameter["required"], in_path, "{method} {path}: {name} required only in the path");
            }
            // A JSON body that cannot be read is answered 400 (web/extract.rs); clients learn it
            // from the document.
            if operation["requestBody"]["content"].get("application/json").is_some() {
                let answers_400 = operation["responses"].get("400").is_some();
                assert!(answers_400, "{method} {path}: reads a JSON body but does not document 400");
            }
            // OpenAPI 3.1 requires a description on every response object (generators refuse
            // the document otherwise).
            for (status, response) in operation["responses"].as_object().into_iter().flatten() {
                let described = response["description"].as_str().is_some_and(|d| !d.trim().is_empty());
                assert!(described, "{method} {path}: the {status} response has no description");
            }
        }
    }
    let mut references = Vec::new();
    collect_references(&document, &mut references);
    assert!(references.iter().any(|r| r == "#/components/schemas/Problem"), "problem responses are described");
    let unresolved: Vec<&String> = references
        .iter()
        .filter(|r| r.strip_prefix('#').is_none_or(|pointer| document.pointer(pointer).is_none()))
        .collect();
    assert!(unresolved.is_empty(), "references to nothing: {unresolved:?}");
}

/// Every `$ref` value anywhere in `value`.
fn collect_references(value: &serde_json::Value, into: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                match (key.as_str(), item) {
                    ("$ref", serde_json::Value::String(target)) => into.push(target.clone()),
                    _ => collect_references(item, into),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| collect_references(item, into)),
        _ => {}
    }
}

#[tokio::test]
async fn many_signed_in_requests_at_once_never_starve_the_connection_pool() {
    // The test pool has 8 connections. A request that held one connection while the session
    // store fetched the session with another would deadlock here (503 after the acquire timeout).
    let app = spawn_app().await;
    let tenant = app.create_tenant("opsi").await;
    let staff = app.create_user("staff@opsi.example", "Staff").await;
    app.grant(tenant, staff, sweetspot::tenancy::domain::TenantRole::Staff).await;
    app.log_in_ok("staff@opsi.example").await;
    let requests = (0..48).map(|_| {
        let client = app.client.clone();
        let url = app.url("/t/opsi/organisations");
        async move { client.get(url).send().await.map(|r| r.status()) }
    });
    let statuses = futures_util::future::join_all(requests).await;
    assert!(statuses.iter().all(|s| matches!(s, Ok(StatusCode::OK))), "{statuses:?}");
}

#[tokio::test]
async fn reading_pages_does_not_rewrite_the_session() {
    let app = spawn_app().await;
    app.create_tenant("opsi").await;
    app.create_user("ana@gov.example", "Ana").await;
    app.log_in_ok("ana@gov.example").await;
    // The sign-in notice is shown (and removed) once.
    let (_, first) = app.get_html("/t/opsi").await;
    assert!(first.contains("You are signed in."));
    let before: String =
        sqlx::query_scalar("select xmin::text from tower_sessions.session").fetch_one(&app.pool).await.unwrap();
    for _ in 0..3 {
        let (_, page) = app.get_html("/t/opsi").await;
        assert!(!page.contains("You are signed in."));
    }
    let after: String =
        sqlx::query_scalar("select xmin::text from tower_sessions.session").fetch_one(&app.pool).await.unwrap();
    assert_eq!(before, after, "no write per page view");
}
