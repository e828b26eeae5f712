//! The pages' route table: every HTML route is added through it, so the router and the list of
//! routes the isolation matrix (`tests/api/isolation.rs`) checks are built from the same calls and
//! a page cannot be served without appearing in that list. JSON routes have theirs in the OpenAPI
//! document, which `utoipa_axum::routes!` builds with the router the same way.

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::MethodRouter;

use crate::state::AppState;

/// One method on one path, as the router matches it (`/t/{tenant}/submissions/{id}`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Route {
    pub method: Method,
    pub path: String,
}

/// A router being built, with the routes it serves.
#[derive(Default)]
pub struct RouteTable {
    router: Router<AppState>,
    routes: Vec<Route>,
}

impl RouteTable {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get<H, T>(self, path: &str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::GET, path, axum::routing::get(handler))
    }

    pub fn post<H, T>(self, path: &str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::POST, path, axum::routing::post(handler))
    }

    fn add(mut self, method: Method, path: &str, handler: MethodRouter<AppState>) -> Self {
        // axum merges the methods of one path added twice (`get` then `post`).
        self.router = self.router.route(path, handler);
        self.routes.push(Route { method, path: path.to_string() });
        self
    }

    pub fn merge(mut self, other: RouteTable) -> Self {
        self.router = self.router.merge(other.router);
        self.routes.extend(other.routes);
        self
    }

    pub fn routes(&self) -> &[Route] {
        &self.routes
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}
