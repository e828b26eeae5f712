//! Start-up: the router with its layers, the OpenAPI document, and the `Application` that binds a
//! listener (port 0 in tests) and serves until told to stop.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Router, middleware};
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::error::AppError;
use crate::state::AppState;
use crate::submissions::attachments::MAX_UPLOAD_REQUEST_BYTES;
use crate::web::csrf::{CsrfSettings, csrf_protection};
use crate::web::route_table::{Route, RouteTable};
use crate::web::security::{SecurityHeaders, security_headers};
use crate::web::{assets, render::render_errors};
use crate::{accounts, advisory, calls, home, matching, programmes, selection, submissions, tenancy};

/// Largest request body accepted for forms and JSON; upload routes have their own limit.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

#[derive(OpenApi)]
#[openapi(
    info(title = "Sweetspot API", description = "JSON twin of the Sweetspot pages. Authenticate with a personal API token (`Authorization: Bearer ssp_…`, created on the profile page) or the session cookie plus an `X-CSRF-Token` header for writes."),
    modifiers(&SecuritySchemes),
    // The problem responses of web::problems name this schema without registering it.
    components(schemas(crate::web::render::Problem, crate::advisory::domain::SubjectKind)),
    tags(
        (name = "accounts", description = "The signed-in person"),
        (name = "organisations", description = "Government organisations, members and their invitations"),
        (name = "people", description = "A tenant's staff roles and invitations"),
        (name = "programmes", description = "Programme editions, their timelines, and themes"),
        (name = "calls", description = "Calls for challenges and solutions, and their questions"),
        (name = "submissions", description = "Applications to calls: drafts, submitting, withdrawing"),
        (name = "selection", description = "Eligibility screening and review rounds with their rubric"),
        (name = "matching", description = "Matching selected challenges with providers: runs kept as records, staff's rules on pairs, published matches"),
        (name = "comments", description = "Comments of the advisory board, staff and matched teams, each with its audience: internal (staff and advisors) or shared (also the teams)"),
    )
)]
struct ApiDoc;

struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("sweetspot_session"))),
        );
    }
}

/// The OpenAPI document, generated from the handlers' annotations.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_parts().2
}

fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(home::api::router())
        .merge(tenancy::api::router())
        .merge(programmes::api::router())
        .merge(calls::api::router())
        .merge(submissions::api::router())
        .merge(selection::api::router())
        .merge(selection::assignment_api::router())
        .merge(selection::review_api::router())
        .merge(selection::ranking_api::router())
        .merge(selection::decision_api::router())
        .merge(matching::api::router())
        .merge(advisory::api::router())
}

/// The JSON API as two routers, the upload routes apart (their own body limit), and one OpenAPI
/// document for both.
fn api_parts() -> (Router<AppState>, Router<AppState>, utoipa::openapi::OpenApi) {
    let (api, mut document) = api_router().split_for_parts();
    let (uploads, upload_document) = submissions::api::upload_router().split_for_parts();
    document.merge(upload_document);
    (api, uploads, document)
}

/// The pages and the plumbing routes (health, static files, the OpenAPI document), and apart
/// the upload routes, which get their own body limit.
fn page_routes(openapi_json: Arc<String>) -> (RouteTable, RouteTable) {
    let pages = RouteTable::new()
        .get("/healthz", healthz)
        .get("/readyz", readyz)
        .get("/static/{*path}", assets::serve_static)
        .get("/api/openapi.json", move || {
            let body = openapi_json.clone();
            async move { ([(axum::http::header::CONTENT_TYPE, "application/json")], (*body).clone()) }
        })
        .merge(home::routes::routes())
        .merge(accounts::routes::routes())
        .merge(tenancy::routes::routes())
        .merge(programmes::routes::routes())
        .merge(calls::routes::routes())
        .merge(submissions::routes::routes())
        .merge(selection::routes::routes())
        .merge(matching::routes::routes())
        .merge(advisory::routes::routes());
    (pages, submissions::routes::upload_routes())
}

/// Every route the application serves, HTML and JSON, sorted: the pages' from the route table
/// the router is built from, the API's from the OpenAPI document its router is built with. The
/// isolation matrix (`tests/api/isolation.rs`) fails for a route it has no entry for.
pub fn routes() -> Vec<Route> {
    let (pages, uploads) = page_routes(Arc::new(String::new()));
    let mut routes: Vec<Route> = pages.routes().iter().chain(uploads.routes()).cloned().collect();
    for (path, item) in openapi().paths.paths {
        let operations = [
            (Method::GET, item.get.is_some()),
            (Method::POST, item.post.is_some()),
            (Method::PUT, item.put.is_some()),
            (Method::PATCH, item.patch.is_some()),
            (Method::DELETE, item.delete.is_some()),
        ];
        for (method, present) in operations {
            if present {
                routes.push(Route { method, path: path.clone() });
            }
        }
    }
    routes.sort();
    routes
}

/// The whole application as a `Router`, ready for `axum::serve` or `oneshot` in tests.
pub fn router(state: AppState) -> Router {
    let (api, api_uploads, openapi) = api_parts();
    let openapi_json = Arc::new(serde_json::to_string(&openapi).expect("the OpenAPI document serialises"));
    let sessions = SessionManagerLayer::new(PostgresStore::new(state.pool.clone()))
        .with_name("sweetspot_session")
        .with_secure(state.config.secure_cookies)
        .with_same_site(SameSite::Lax)
        .with_http_only(true)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(14)));
    let csrf = CsrfSettings { secure_cookies: state.config.secure_cookies, max_form_bytes: MAX_BODY_BYTES };
    let headers = SecurityHeaders { hsts: state.config.secure_cookies };
    let request_id = HeaderName::from_static("x-request-id");
    let (pages, uploads) = page_routes(openapi_json);

    pages
        .into_router()
        .merge(api)
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        // Uploads get a larger limit; each file's own limit is checked as it streams in.
        .merge(
            uploads
                .into_router()
                .merge(api_uploads)
                .layer(DefaultBodyLimit::max(MAX_UPLOAD_REQUEST_BYTES))
                .layer(RequestBodyLimitLayer::new(MAX_UPLOAD_REQUEST_BYTES)),
        )
        .fallback(|| async { AppError::NotFound })
        .with_state(state.clone())
        // Layers run top to bottom on the way in: outermost last.
        .layer(middleware::from_fn_with_state(csrf, csrf_protection))
        .layer(CatchPanicLayer::new())
        // Inside the sessions, so an error page knows who is signed in.
        .layer(middleware::from_fn_with_state(state.clone(), render_errors))
        .layer(sessions)
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(headers, security_headers))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
                    let route = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string());
                    let id = request
                        .extensions()
                        .get::<RequestId>()
                        .and_then(|id| id.header_value().to_str().ok())
                        .unwrap_or("-")
                        .to_string();
                    tracing::info_span!("request", method = %request.method(), route = route.as_deref().unwrap_or(request.uri().path()), request_id = %id)
                }))
                .layer(PropagateRequestIdLayer::new(request_id)),
        )
}

/// Liveness: the process answers.
async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database answers within two seconds.
async fn readyz(State(state): State<AppState>) -> Response {
    let check = tokio::time::timeout(Duration::from_secs(2), crate::db::ping(&state.pool)).await;
    match check {
        Ok(Ok(_)) => (StatusCode::OK, "ready").into_response(),
        _ => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(axum::http::header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "database unavailable",
        )
            .into_response(),
    }
}

/// A bound, not yet serving application.
pub struct Application {
    listener: TcpListener,
    router: Router,
    address: SocketAddr,
}

impl Application {
    pub async fn bind(state: AppState, address: SocketAddr) -> anyhow::Result<Self> {
        crate::install_crypto_provider();
        let listener =
            TcpListener::bind(address).await.map_err(|e| anyhow::anyhow!("cannot listen on {address} (BIND): {e}"))?;
        let address = listener.local_addr()?;
        Ok(Self { listener, router: router(state), address })
    }

    /// Serves on a listener bound beforehand (tests bind port 0 first to learn their base URL).
    pub fn from_listener(state: AppState, listener: TcpListener) -> anyhow::Result<Self> {
        crate::install_crypto_provider();
        let address = listener.local_addr()?;
        Ok(Self { listener, router: router(state), address })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Serves until `shutdown` completes, then finishes in-flight requests.
    pub async fn serve(self, shutdown: impl std::future::Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        axum::serve(self.listener, self.router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown)
            .await
    }
}
