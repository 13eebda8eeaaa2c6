//! What every answer carries and every request is held to: strict headers (the token is in
//! the URL, so no referrer and no cache), a time limit, and a limit on failed
//! token look-ups per address so that guessing is slow as well as hopeless.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::Response;
use tower_http::timeout::TimeoutLayer;

/// The largest request body: a note of 500 characters fits many times over.
pub const BODY_LIMIT: usize = 8 * 1024;
/// How long a request may take, body included.
const TIME_LIMIT: Duration = Duration::from_secs(10);

/// Every page's own script and style only: nothing from elsewhere (the office network may have
/// no internet), no inline script, no framing.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub fn guarded(router: Router) -> Router {
    router
        .layer(axum::middleware::map_response(headers))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            TIME_LIMIT,
        ))
}

async fn headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ] {
        h.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Failed look-ups allowed per address in a window.
const FAILURES: u32 = 20;
const WINDOW: Duration = Duration::from_secs(60);
/// Addresses remembered at most; the oldest windows go first when full.
const ADDRESSES: usize = 10_000;

/// Counts failed token look-ups per address in fixed windows.
#[derive(Default)]
pub struct Limiter {
    seen: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl Limiter {
    /// Whether `ip` may try a token now.
    pub fn allows(&self, ip: IpAddr, now: Instant) -> bool {
        let Ok(seen) = self.seen.lock() else {
            return true;
        };
        seen.get(&ip)
            .is_none_or(|&(since, n)| now.duration_since(since) >= WINDOW || n < FAILURES)
    }

    /// Counts a failed look-up from `ip`.
    pub fn failed(&self, ip: IpAddr, now: Instant) {
        let Ok(mut seen) = self.seen.lock() else {
            return;
        };
        if seen.len() >= ADDRESSES && !seen.contains_key(&ip) {
            seen.retain(|_, (since, _)| now.duration_since(*since) < WINDOW);
            if seen.len() >= ADDRESSES {
                return;
            }
        }
        let entry = seen.entry(ip).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        entry.1 += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_stopped_after_its_failures_until_the_window_ends() {
        let limiter = Limiter::default();
        let ip: IpAddr = [10, 0, 0, 7].into();
        let other: IpAddr = [10, 0, 0, 8].into();
        let t0 = Instant::now();
        for _ in 0..FAILURES {
            assert!(limiter.allows(ip, t0));
            limiter.failed(ip, t0);
        }
        assert!(!limiter.allows(ip, t0 + Duration::from_secs(59)));
        assert!(limiter.allows(other, t0));
        assert!(limiter.allows(ip, t0 + WINDOW));
    }
}
