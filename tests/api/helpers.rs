//! The test harness: a fresh database per test (copied from a migrated template), the real app on
//! a random port, and an HTTP client with a cookie jar, like a browser.
//!
//! With `DATABASE_URL` set, databases are created on that server; without it, one embedded
//! PostgreSQL cluster is started for the whole test run (and removed when the run ends).

use std::sync::{Arc, OnceLock};

use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Response, StatusCode};
use sqlx::postgres::{PgConnectOptions, PgPool};
use sqlx::{Connection, PgConnection};
use sweetspot::accounts::seed::NewUser;
use sweetspot::config::Config;
use sweetspot::db::wall::TenantTx;
use sweetspot::db::{Durability, EmbeddedPostgres};
use sweetspot::i18n::Lang;
use sweetspot::ids::{OrganisationId, TenantId, UserId};
use sweetspot::tenancy::domain::{GovernmentLevel, TenantRole};
use sweetspot::tenancy::seed::NewOrganisation;
use sweetspot::{AppState, Application, accounts, tenancy};
use tokio::net::TcpListener;
use uuid::Uuid;

/// A password that passes the strength rules.
pub const PASSWORD: &str = "lantern-orchid-velvet-42";

struct Server {
    admin: PgConnectOptions,
    template: String,
}

static EMBEDDED: OnceLock<EmbeddedPostgres> = OnceLock::new();
static SERVER: tokio::sync::OnceCell<Server> = tokio::sync::OnceCell::const_new();

async fn server() -> &'static Server {
    SERVER
        .get_or_init(|| async {
            let admin: PgConnectOptions = match std::env::var("DATABASE_URL") {
                Ok(url) if !url.is_empty() => {
                    url.parse::<PgConnectOptions>().expect("DATABASE_URL parses").database("postgres")
                }
                _ => {
                    let cluster = EMBEDDED.get_or_init(|| {
                        let dir =
                            tempfile::Builder::new().prefix("sweetspot-test-pg").tempdir().expect("temp dir").keep();
                        let cluster =
                            EmbeddedPostgres::start(&dir, Durability::Throwaway).expect("embedded PostgreSQL starts");
                        cluster.stop_when_process_exits(Durability::Throwaway).expect("watchdog starts");
                        cluster
                    });
                    cluster.connect_options("postgres")
                }
            };
            let mut conn = PgConnection::connect_with(&admin).await.expect("connect to the test server");
            drop_stale_databases(&mut conn).await;
            let template = format!("sst_{}_template", std::process::id());
            sqlx::query(&format!("create database {template}")).execute(&mut conn).await.expect("create template");
            conn.close().await.ok();
            // The owner (this superuser) migrates the template and grants the runtime role, as the
            // app does at start-up with one login; each test database copies schema and grants.
            let pool = PgPool::connect_with(admin.clone().database(&template)).await.expect("connect template");
            sweetspot::db::prepare(&pool, &runtime_login(), false).await.expect("migrations and grants run");
            pool.close().await;
            Server { admin, template }
        })
        .await
}

/// Databases left by earlier runs whose process is gone (killed runs cannot clean up after themselves).
async fn drop_stale_databases(conn: &mut PgConnection) {
    let names: Vec<String> = sqlx::query_scalar("select datname from pg_database where datname like 'sst\\_%'")
        .fetch_all(&mut *conn)
        .await
        .unwrap_or_default();
    for name in names {
        let pid = name.split('_').nth(1).and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| pid != std::process::id() && !std::path::Path::new(&format!("/proc/{pid}")).exists()) {
            let _ = sqlx::query(&format!("drop database if exists \"{name}\" with (force)")).execute(&mut *conn).await;
        }
    }
}

/// How the app under test connects: as the owner's login, switched to the runtime role, so that
/// row-level security applies to it as in production.
pub fn runtime_login() -> sweetspot::db::RuntimeLogin {
    sweetspot::db::RuntimeLogin::SetRole { role: sweetspot::db::RUNTIME_ROLE.into() }
}

/// A fresh, migrated database for one test, connected as its owner (fixtures insert past the
/// wall, as a migration or an operator could; the app itself gets [`runtime_pool`]).
pub async fn fresh_database() -> PgPool {
    let server = server().await;
    let name = format!("sst_{}_{}", std::process::id(), Uuid::new_v4().simple());
    let mut conn = PgConnection::connect_with(&server.admin).await.expect("connect");
    sqlx::query(&format!("create database {name} template {}", server.template))
        .execute(&mut conn)
        .await
        .expect("create test database");
    conn.close().await.ok();
    sweetspot::db::pool_options(8)
        .connect_with(server.admin.clone().database(&name))
        .await
        .expect("connect test database")
}

/// A pool on `owner`'s database as the app's runtime role, checked as the app checks it.
pub async fn runtime_pool(owner: &PgPool) -> PgPool {
    let options = (*owner.connect_options()).clone();
    let pool = sweetspot::db::runtime_pool(options, &runtime_login(), 8).await.expect("connect as the runtime role");
    sweetspot::db::check_runtime_role(&pool).await.expect("the runtime role cannot bypass row-level security");
    pool
}

pub struct TestApp {
    pub address: String,
    pub pool: PgPool,
    pub client: reqwest::Client,
    pub jar: Arc<Jar>,
}

/// One attachment folder per test run, shared by every app instance in it (as S3 would be).
pub fn test_files() -> sweetspot::files::FileStore {
    static FILES: std::sync::OnceLock<sweetspot::files::FileStore> = std::sync::OnceLock::new();
    FILES
        .get_or_init(|| {
            let folder = format!("{}/attachments-{}", env!("CARGO_TARGET_TMPDIR"), std::process::id());
            sweetspot::files::open(&folder).expect("attachment folder")
        })
        .clone()
}

/// The app on a random port over a fresh database.
pub async fn spawn_app() -> TestApp {
    let pool = fresh_database().await;
    spawn_on(pool).await
}

/// Another instance of the app over the same database (sessions must carry over).
pub async fn spawn_on(pool: PgPool) -> TestApp {
    spawn_configured(pool, |_| {}).await
}

/// The app over `pool` with test settings changed by `configure`.
pub async fn spawn_configured(pool: PgPool, configure: impl FnOnce(&mut Config)) -> TestApp {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = format!("http://{}", listener.local_addr().unwrap());
    let mut config = Config::for_tests(address.parse().unwrap());
    configure(&mut config);
    let state = AppState::new(runtime_pool(&pool).await, Arc::new(config), test_files());
    let app = Application::from_listener(state, listener).expect("app");
    tokio::spawn(app.serve(std::future::pending()));
    let jar = Arc::new(Jar::default());
    TestApp { address, pool, client: client_with(jar.clone()), jar }
}

fn client_with(jar: Arc<Jar>) -> reqwest::Client {
    reqwest::Client::builder().cookie_provider(jar).redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A browser on another machine: empty cookie jar, connecting from `ip` (any 127.x.y.z
    /// reaches the app over loopback), so the app sees another client address.
    pub fn browser_from(&self, ip: &str) -> TestApp {
        let jar = Arc::new(Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .local_address(ip.parse::<std::net::IpAddr>().expect("an IP address"))
            .build()
            .expect("client");
        TestApp { address: self.address.clone(), pool: self.pool.clone(), client, jar }
    }

    /// A second browser: same app, empty cookie jar.
    pub fn new_browser(&self) -> TestApp {
        let jar = Arc::new(Jar::default());
        TestApp { address: self.address.clone(), pool: self.pool.clone(), client: client_with(jar.clone()), jar }
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn get_html(&self, path: &str) -> (StatusCode, String) {
        let response = self.get(path).await;
        let status = response.status();
        (status, response.text().await.unwrap())
    }

    /// The CSRF cookie's value, loading a page first if the jar has none.
    pub async fn csrf_token(&self) -> String {
        if let Some(token) = self.cookie("sweetspot_csrf") {
            return token;
        }
        self.get("/login").await;
        self.cookie("sweetspot_csrf").expect("the CSRF cookie is set on first visit")
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        let header = self.jar.cookies(&self.address.parse().unwrap())?;
        header
            .to_str()
            .ok()?
            .split("; ")
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }

    /// Posts a form as a browser would, with the CSRF token.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let token = self.csrf_token().await;
        let mut body: Vec<(&str, &str)> = fields.to_vec();
        body.push(("csrf_token", &token));
        self.client.post(self.url(path)).form(&body).send().await.expect("POST")
    }

    /// Posts a `multipart/form-data` form with files, as the browser sends a form with file
    /// inputs: the CSRF token is its first field, as the page's form puts it. Files are (field,
    /// file name, type, bytes).
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &str, Vec<u8>)],
    ) -> Response {
        let token = self.csrf_token().await;
        let mut form = reqwest::multipart::Form::new().text("csrf_token", token);
        for (name, value) in fields {
            form = form.text(name.to_string(), value.to_string());
        }
        for (name, filename, mime, bytes) in files {
            let part =
                reqwest::multipart::Part::bytes(bytes.clone()).file_name(filename.to_string()).mime_str(mime).unwrap();
            form = form.part(name.to_string(), part);
        }
        self.client.post(self.url(path)).multipart(form).send().await.expect("POST")
    }

    /// Creates a personal API token for the signed-in person, as the profile page does.
    pub async fn create_api_token(&self) -> String {
        let response = self.post_form("/profile/tokens", &[("token_name", "Test script")]).await;
        assert_eq!(response.status(), StatusCode::OK);
        let page = response.text().await.unwrap();
        let document = scraper::Html::parse_document(&page);
        document
            .select(&scraper::Selector::parse("#new-token").unwrap())
            .next()
            .expect("the new token")
            .text()
            .collect()
    }

    /// Posts a form without any CSRF token.
    pub async fn post_form_without_csrf(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.get("/login").await;
        self.client.post(self.url(path)).form(fields).send().await.expect("POST")
    }

    /// JSON with the session cookie and the CSRF header, as a script in the page would send it.
    pub async fn send_json(&self, method: reqwest::Method, path: &str, body: &serde_json::Value) -> Response {
        let token = self.csrf_token().await;
        self.client
            .request(method, self.url(path))
            .header("x-csrf-token", token)
            .json(body)
            .send()
            .await
            .expect("JSON request")
    }

    /// JSON with a bearer token and no cookies, as a program would send it.
    pub async fn bearer(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<&serde_json::Value>,
    ) -> Response {
        let mut headers = HeaderMap::new();
        headers.insert("authorization", HeaderValue::from_str(&format!("Bearer {token}")).unwrap());
        let mut request = reqwest::Client::new().request(method, self.url(path)).headers(headers);
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.expect("bearer request")
    }

    pub async fn log_in(&self, email: &str, password: &str) -> Response {
        self.post_form("/login", &[("email", email), ("password", password)]).await
    }

    /// Signs in and checks it worked.
    pub async fn log_in_ok(&self, email: &str) {
        let response = self.log_in(email, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "sign-in of {email} failed");
    }

    pub async fn sign_up(&self, name: &str, email: &str, password: &str) -> Response {
        self.post_form("/signup", &[("display_name", name), ("email", email), ("password", password)]).await
    }

    /// The newest email to `to`: (subject, body).
    pub async fn last_email_to(&self, to: &str) -> Option<(String, String)> {
        sqlx::query_as("select subject, body_text from outbox where to_email = $1::citext order by created_at desc, id desc limit 1")
            .bind(to)
            .fetch_optional(&self.pool)
            .await
            .unwrap()
    }

    /// The path of the first link in the newest email to `to` that contains `marker`.
    pub async fn link_in_email(&self, to: &str, marker: &str) -> String {
        let (_, body) = self.last_email_to(to).await.unwrap_or_else(|| panic!("no email to {to}"));
        body.split_whitespace()
            .find(|word| word.starts_with("http") && word.contains(marker))
            .map(|link| link.trim_start_matches(&self.address).to_string())
            .unwrap_or_else(|| panic!("no {marker} link in: {body}"))
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.pool).await.unwrap()
    }

    /// A verified account, created directly (the sign-up flow has its own tests).
    pub async fn create_user(&self, email: &str, name: &str) -> UserId {
        let hash = sweetspot::accounts::secrets::hash_password(PASSWORD.into()).await.unwrap();
        let id = UserId::new();
        let mut conn = self.pool.acquire().await.unwrap();
        let zone = sweetspot::i18n::TimeZone::parse("Europe/Paris").unwrap();
        let new = NewUser { id, email, password_hash: &hash, display_name: name, lang: Lang::En, zone, verified: true };
        accounts::seed::user(&mut conn, new).await.unwrap();
        id
    }

    pub async fn create_tenant(&self, slug: &str) -> TenantId {
        let mut conn = self.pool.acquire().await.unwrap();
        tenancy::seed::ensure_tenant(&mut conn, slug, &format!("Tenant {slug}")).await.unwrap()
    }

    /// A transaction inside `tenant`'s wall, on the owner's pool, for fixtures.
    pub async fn tenant_tx(&self, tenant: TenantId) -> TenantTx {
        TenantTx::begin(&self.pool, tenant).await.expect("a transaction inside the tenant's wall")
    }

    pub async fn grant(&self, tenant: TenantId, user: UserId, role: TenantRole) {
        let mut tx = self.tenant_tx(tenant).await;
        tenancy::seed::grant(&mut tx, user, role).await.unwrap();
        tx.commit().await.unwrap();
    }

    /// Adds `user` to an organisation, as accepting an invitation would.
    pub async fn add_member(&self, tenant: TenantId, organisation: OrganisationId, user: UserId) {
        let mut tx = self.tenant_tx(tenant).await;
        tenancy::seed::add_member(&mut tx, organisation, user).await.unwrap();
        tx.commit().await.unwrap();
    }

    /// An organisation with `member` in it, created directly.
    pub async fn create_organisation(
        &self,
        tenant: TenantId,
        name: &str,
        country: &str,
        member: UserId,
    ) -> OrganisationId {
        let mut tx = self.tenant_tx(tenant).await;
        let new = NewOrganisation { name, country, level: GovernmentLevel::National, website: None };
        let id = tenancy::seed::ensure_organisation(&mut tx, new, member).await.unwrap();
        tenancy::seed::add_member(&mut tx, id, member).await.unwrap();
        tx.commit().await.unwrap();
        id
    }
}

/// The `Location` header of a redirect.
pub fn location(response: &Response) -> String {
    response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

/// The text of the GOV.UK error summary's links, in order.
pub fn error_summary(html: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(".govuk-error-summary__list a").unwrap();
    document.select(&selector).map(|a| a.text().collect::<String>().trim().to_string()).collect()
}

/// The text content of the page's `<h1>`.
pub fn heading(html: &str) -> String {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse("h1").unwrap();
    document.select(&selector).next().map(|h| h.text().collect::<String>().trim().to_string()).unwrap_or_default()
}

/// The value of input `name` in the page's forms.
pub fn input_value(html: &str, name: &str) -> Option<String> {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(&format!("input[name=\"{name}\"]")).unwrap();
    document.select(&selector).next().and_then(|i| i.value().attr("value").map(str::to_string))
}

/// A form of a page as a browser holds it: where it posts, how, and the values its fields have
/// now (text, hidden fields such as the version, ticked boxes, chosen options). The CSRF token is
/// left out: the post adds the browser's own.
pub struct FormPage {
    pub action: String,
    pub multipart: bool,
    pub fields: Vec<(String, String)>,
}

impl FormPage {
    /// The first form of `html` that posts to an address starting with `action`.
    pub fn of(html: &str, action: &str) -> Option<Self> {
        let document = scraper::Html::parse_document(html);
        let forms = scraper::Selector::parse("form[method=post]").unwrap();
        let form = document.select(&forms).find(|f| f.value().attr("action").is_some_and(|a| a.starts_with(action)))?;
        let target = form.value().attr("action").unwrap_or_default();
        let action = target.split('?').next().unwrap_or_default().to_string();
        let multipart = form.value().attr("enctype") == Some("multipart/form-data");
        let mut fields = Vec::new();
        let inputs = scraper::Selector::parse("input[name], textarea[name], select[name]").unwrap();
        for field in form.select(&inputs) {
            let element = field.value();
            let name = element.attr("name").unwrap_or_default().to_string();
            if name == "csrf_token" {
                continue;
            }
            let value = match (element.name(), element.attr("type").unwrap_or("text")) {
                ("textarea", _) => field.text().collect(),
                ("select", _) => {
                    let options = scraper::Selector::parse("option").unwrap();
                    let chosen = field.select(&options).find(|o| o.value().attr("selected").is_some());
                    match chosen.or_else(|| field.select(&options).next()) {
                        Some(option) => option.value().attr("value").unwrap_or_default().to_string(),
                        None => continue,
                    }
                }
                (_, "checkbox" | "radio") if element.attr("checked").is_none() => continue,
                (_, "file" | "submit" | "button") => continue,
                _ => element.attr("value").unwrap_or_default().to_string(),
            };
            fields.push((name, value));
        }
        Some(Self { action, multipart, fields })
    }

    /// The form's value of `name`, if it has one.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The fields with `changes` typed over them: each name changed replaces every value it had
    /// (so a repeated name sets the choices of a multiple-choice question).
    fn with(&self, changes: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut fields: Vec<(String, String)> =
            self.fields.iter().filter(|(name, _)| !changes.iter().any(|(n, _)| n == name)).cloned().collect();
        fields.extend(changes.iter().map(|(n, v)| (n.to_string(), v.to_string())));
        fields
    }

    /// Posts the form as `browser`, with `changes` typed over it.
    pub async fn send(&self, browser: &TestApp, changes: &[(&str, &str)]) -> Response {
        self.send_files(browser, changes, &[]).await
    }

    /// Posts the form with files chosen: (field, file name, type, bytes).
    pub async fn send_files(
        &self,
        browser: &TestApp,
        changes: &[(&str, &str)],
        files: &[(&str, &str, &str, Vec<u8>)],
    ) -> Response {
        let fields = self.with(changes);
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        if self.multipart {
            browser.post_multipart(&self.action, &fields, files).await
        } else {
            assert!(files.is_empty(), "{} takes no files", self.action);
            browser.post_form(&self.action, &fields).await
        }
    }
}

/// The demo loaded in a fresh database, and the app over it.
pub async fn spawn_demo() -> TestApp {
    let pool = fresh_database().await;
    let config = sweetspot::config::Config::for_tests("http://127.0.0.1:1".parse().unwrap());
    sweetspot::demo::load(&pool, &config).await.expect("the demo loads");
    spawn_on(pool).await
}

impl TestApp {
    /// A browser signed in as a demo account.
    pub async fn as_demo(&self, email: &str) -> TestApp {
        let browser = self.new_browser();
        let response = browser.log_in(email, sweetspot::demo::DEMO_PASSWORD).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{email} signs in");
        browser
    }
}

/// The JSON of a response that must have status `want` (its body in the failure message).
pub async fn json_of(response: Response, want: StatusCode) -> serde_json::Value {
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, want, "{body}");
    serde_json::from_str(&body).unwrap_or(serde_json::Value::Null)
}
