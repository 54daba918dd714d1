//! The client's address, worked out once per request for the login throttle and the audit
//! log (`app::auth::guard::client_ip` reads it).
//!
//! Behind a reverse proxy every request comes from the proxy; the proxy names the client in
//! `X-Forwarded-For`, appending the address it saw to whatever the client sent. So the
//! header is read only when the request comes from a configured proxy, and from the right:
//! each hop that is itself a trusted proxy is passed over, and the first that is not is the
//! client. Anything left of that is the client's own claim and is never believed. A hop that
//! is not an address stops the walk at the last address a trusted proxy vouched for.

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use app::auth::guard::ClientAddr;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The header's name.
const FORWARDED_FOR: &str = "x-forwarded-for";
/// The longest `X-Forwarded-For` read (all its lines together): dozens of hops; a real chain
/// of proxies is a few.
pub const MAX_FORWARDED_BYTES: usize = 1024;
/// The most entries `RENQIAN_TRUSTED_PROXIES` may list.
const MAX_PROXY_RANGES: usize = 64;

/// One address range: an address and how many leading bits must match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Range {
    network: IpAddr,
    bits: u8,
}

impl Range {
    fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => prefix_matches(
                u128::from(net.to_bits()),
                u128::from(ip.to_bits()),
                32,
                self.bits,
            ),
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                prefix_matches(net.to_bits(), ip.to_bits(), 128, self.bits)
            }
            _ => false,
        }
    }
}

/// Whether the first `bits` of two `width`-bit numbers agree.
fn prefix_matches(a: u128, b: u128, width: u8, bits: u8) -> bool {
    let shift = u32::from(width - bits);
    bits == 0 || (a >> shift) == (b >> shift)
}

impl FromStr for Range {
    type Err = String;

    /// `10.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`.
    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || format!("{text:?} is not an address or a CIDR range (e.g. 10.0.0.0/8)");
        let (address, bits) = match text.split_once('/') {
            Some((a, b)) if !b.is_empty() && b.bytes().all(|c| c.is_ascii_digit()) => {
                (a, Some(b.parse::<u8>().map_err(|_| bad())?))
            }
            Some(_) => return Err(bad()),
            None => (text, None),
        };
        let network = IpAddr::from_str(address).map_err(|_| bad())?.to_canonical();
        let width = if network.is_ipv4() { 32 } else { 128 };
        let bits = bits.unwrap_or(width);
        if bits > width {
            return Err(bad());
        }
        Ok(Range { network, bits })
    }
}

/// The proxies whose `X-Forwarded-For` is believed (`RENQIAN_TRUSTED_PROXIES`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Range>);

impl TrustedProxies {
    /// Reads a comma-separated list of addresses and CIDR ranges; empty is none.
    pub fn parse(text: &str) -> Result<Self, String> {
        let ranges = text
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(Range::from_str)
            .collect::<Result<Vec<_>, _>>()?;
        if ranges.len() > MAX_PROXY_RANGES {
            return Err(format!("at most {MAX_PROXY_RANGES} proxies or ranges"));
        }
        Ok(TrustedProxies(ranges))
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|range| range.contains(ip))
    }

    /// The client's address for a request from `peer` carrying `headers`; `Err` when a
    /// trusted proxy sent an `X-Forwarded-For` longer than [`MAX_FORWARDED_BYTES`].
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> Result<IpAddr, TooLong> {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return Ok(peer);
        }
        let lines = headers.get_all(FORWARDED_FOR);
        if lines.iter().map(|v| v.len() + 1).sum::<usize>() > MAX_FORWARDED_BYTES {
            return Err(TooLong);
        }
        // Several header lines are one list, in order (RFC 9110 §5.3); a line that is not
        // text is one unreadable hop.
        let hops: Vec<Option<&str>> = lines
            .iter()
            .flat_map(|v| match v.to_str() {
                Ok(text) => text.split(',').map(Some).collect::<Vec<_>>(),
                Err(_) => vec![None],
            })
            .collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            match hop.and_then(hop_address) {
                Some(ip) if self.trusts(ip) => client = ip,
                Some(ip) => return Ok(ip),
                None => return Ok(client),
            }
        }
        Ok(client)
    }
}

/// One `X-Forwarded-For` entry: `203.0.113.7`, `2001:db8::1`, `[2001:db8::1]`, or with a
/// port (`203.0.113.7:5100`, `[2001:db8::1]:5100`).
fn hop_address(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    let ip = IpAddr::from_str(hop)
        .ok()
        .or_else(|| SocketAddr::from_str(hop).ok().map(|s| s.ip()))
        .or_else(|| {
            let inner = hop.strip_prefix('[')?.strip_suffix(']')?;
            IpAddr::from_str(inner).ok()
        })?;
    Some(ip.to_canonical())
}

/// A trusted proxy sent an over-long `X-Forwarded-For`.
#[derive(Debug, PartialEq, Eq)]
pub struct TooLong;

/// Middleware: puts the request's [`ClientAddr`] in its extensions, or answers 400 for an
/// over-long `X-Forwarded-For` from a trusted proxy.
pub async fn resolve(
    State(proxies): State<TrustedProxies>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(peer) = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip())
    else {
        return next.run(request).await;
    };
    match proxies.client(peer, request.headers()) {
        Ok(client) => {
            request.extensions_mut().insert(ClientAddr(client));
            next.run(request).await
        }
        Err(TooLong) => {
            tracing::warn!(%peer, "over-long X-Forwarded-For refused");
            (
                StatusCode::BAD_REQUEST,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                format!(
                    "X-Forwarded-For 请求头过长（上限 {MAX_FORWARDED_BYTES} 字节）。\n\
                     The X-Forwarded-For header is too long (at most {MAX_FORWARDED_BYTES} bytes)."
                ),
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(text: &str) -> IpAddr {
        IpAddr::from_str(text).expect("test address")
    }

    fn forwarded(lines: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for line in lines {
            headers.append(FORWARDED_FOR, HeaderValue::from_str(line).expect("header"));
        }
        headers
    }

    fn client(trusted: &str, peer: &str, lines: &[&str]) -> Result<IpAddr, TooLong> {
        TrustedProxies::parse(trusted)
            .expect("trusted")
            .client(ip(peer), &forwarded(lines))
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        assert_eq!(
            client("", "198.51.100.4", &["203.0.113.7"]),
            Ok(ip("198.51.100.4"))
        );
        assert_eq!(
            client("10.0.0.0/8", "198.51.100.4", &["203.0.113.7"]),
            Ok(ip("198.51.100.4"))
        );
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let trusted = "10.0.0.1, 192.168.0.0/16";
        // The client's own claim (1.1.1.1) is left of what the proxies saw.
        assert_eq!(
            client(trusted, "10.0.0.1", &["1.1.1.1, 203.0.113.7, 192.168.4.4"]),
            Ok(ip("203.0.113.7"))
        );
        // Two header lines are one list.
        assert_eq!(
            client(
                trusted,
                "10.0.0.1",
                &["1.1.1.1", "203.0.113.7, 192.168.4.4"]
            ),
            Ok(ip("203.0.113.7"))
        );
        // Every hop trusted: the leftmost.
        assert_eq!(
            client(trusted, "10.0.0.1", &["192.168.1.1, 192.168.4.4"]),
            Ok(ip("192.168.1.1"))
        );
        // No header from a trusted peer: the peer.
        assert_eq!(client(trusted, "10.0.0.1", &[]), Ok(ip("10.0.0.1")));
    }

    #[test]
    fn garbage_stops_at_the_last_vouched_address() {
        let trusted = "10.0.0.1, 192.168.0.0/16";
        assert_eq!(
            client(trusted, "10.0.0.1", &["unknown"]),
            Ok(ip("10.0.0.1"))
        );
        assert_eq!(
            client(trusted, "10.0.0.1", &["203.0.113.7, nonsense, 192.168.4.4"]),
            Ok(ip("192.168.4.4"))
        );
        assert_eq!(client(trusted, "10.0.0.1", &[""]), Ok(ip("10.0.0.1")));
        assert_eq!(
            client(trusted, "10.0.0.1", &["203.0.113.7, 300.1.1.1"]),
            Ok(ip("10.0.0.1"))
        );
    }

    #[test]
    fn ipv6_ports_and_mapped_addresses() {
        assert_eq!(
            client("::1, fd00::/8", "::1", &["2001:db8::7, fd00::5"]),
            Ok(ip("2001:db8::7"))
        );
        assert_eq!(
            client("::1", "::1", &["[2001:db8::7]:5100"]),
            Ok(ip("2001:db8::7"))
        );
        assert_eq!(
            client("::1", "::1", &["[2001:db8::7]"]),
            Ok(ip("2001:db8::7"))
        );
        assert_eq!(
            client("10.0.0.1", "10.0.0.1", &["203.0.113.7:5100"]),
            Ok(ip("203.0.113.7"))
        );
        // A server listening on [::] sees IPv4 peers as ::ffff:a.b.c.d.
        assert_eq!(
            client("127.0.0.1", "::ffff:127.0.0.1", &["203.0.113.7"]),
            Ok(ip("203.0.113.7"))
        );
    }

    #[test]
    fn an_over_long_header_from_a_proxy_is_refused() {
        let long = vec!["203.0.113.7"; 100].join(", ");
        assert_eq!(client("10.0.0.1", "10.0.0.1", &[&long]), Err(TooLong));
        // From anyone else it is not even read.
        assert_eq!(client("10.0.0.1", "10.9.9.9", &[&long]), Ok(ip("10.9.9.9")));
    }

    #[test]
    fn proxy_lists_are_read_strictly() {
        assert_eq!(TrustedProxies::parse(""), Ok(TrustedProxies::default()));
        assert_eq!(TrustedProxies::parse(" , "), Ok(TrustedProxies::default()));
        for good in [
            "10.0.0.1",
            "10.0.0.0/8",
            "0.0.0.0/0",
            "::1",
            "fd00::/8",
            "::/0",
        ] {
            assert!(TrustedProxies::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "10.0.0.0/33",
            "::/129",
            "10.0.0.0/",
            "10.0.0.0/x",
            "10.0.0",
            "proxy.local",
            "10.0.0.1/8/8",
        ] {
            assert!(TrustedProxies::parse(bad).is_err(), "{bad}");
        }
        let ranges = TrustedProxies::parse("10.0.0.0/8").expect("range");
        assert!(ranges.trusts(ip("10.255.1.2")));
        assert!(!ranges.trusts(ip("11.0.0.1")));
        assert!(TrustedProxies::parse("0.0.0.0/0")
            .expect("all")
            .trusts(ip("8.8.8.8")));
    }
}
