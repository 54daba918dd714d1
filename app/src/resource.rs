//! The one way a page loads server data: [`resource`], a Leptos `Resource` whose value the
//! server renders into the page as JSON and the browser reads back when it hydrates.
//!
//! Why not `Resource::new`: its codec reads that JSON with `serde_json::from_str`, while a
//! server function's reply is read with `serde_json::from_slice`. The two readers are two
//! copies of every `Deserialize` impl in the wasm (measured: 453 KB and 448 KB of the
//! unoptimized code, a sixth of it, for the same types). [`JsonBytes`] reads the page's
//! JSON with `from_slice` too, so each type is read by one copy. Same JSON, same result:
//! only the wasm is smaller. `Resource::new` is refused by clippy (clippy.toml).

use std::future::Future;

use leptos::prelude::Resource;
use leptos::server::codee::{Decoder, Encoder};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// JSON, written as `JsonSerdeCodec` writes it and read with `serde_json::from_slice`.
pub struct JsonBytes;

impl<T: Serialize> Encoder<T> for JsonBytes {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, Self::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for JsonBytes {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(json: &str) -> Result<T, Self::Error> {
        serde_json::from_slice(json.as_bytes())
    }
}

/// A resource (see `Resource::new`): `fetcher` runs on the server while the page renders,
/// and again in the browser each time `source` changes.
#[track_caller]
pub fn resource<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, JsonBytes>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: PartialEq + Clone + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_it_writes() {
        let value: Result<Vec<(String, u32)>, String> = Ok(vec![("甲".into(), 1)]);
        let json = <JsonBytes as Encoder<_>>::encode(&value).expect("encodes");
        assert_eq!(json, serde_json::to_string(&value).expect("encodes"));
        let back: Result<Vec<(String, u32)>, String> =
            <JsonBytes as Decoder<_>>::decode(&json).expect("decodes");
        assert_eq!(back, value);
    }
}
