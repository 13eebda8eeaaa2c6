//! Systems that hand reports in (Open311): their keys, made once and kept only as a hash, and
//! their reports, opened as the desk's own are (the same checks, the same lifecycle).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::checks::check_name;
use super::{Desk, DeskError, bad};
use crate::domain::lifecycle::Problem;
use crate::domain::{Channel, Report};
use crate::store::{ApiKey, Intake, Request, RequestQuery, StoreError, Taken};

/// A key's length: 24 random bytes in unpadded base64url.
const KEY_BYTES: usize = 24;

/// The hash a key or token is kept and looked up under.
pub fn key_hash(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `n` bytes from the system's random source, in unpadded base64url.
pub fn random_text(n: usize) -> Result<String, DeskError> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|e| {
        DeskError::Store(StoreError::Shared(format!(
            "the system's random source failed ({e}); nothing was made"
        )))
    })?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

impl Desk {
    /// Makes a key for the system `name`, whose reports come in as `channel`; gives the key,
    /// which is never shown again.
    pub async fn add_api_key(
        &self,
        name: &str,
        channel: Channel,
        community: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<String, DeskError> {
        check_name(name)?;
        let key = random_text(KEY_BYTES)?;
        let record = ApiKey {
            name: name.trim().to_string(),
            channel,
            community: community.map(str::to_string),
            made_at: now,
            revoked_at: None,
        };
        self.store.add_api_key(&record, &key_hash(&key)).await?;
        Ok(key)
    }

    pub async fn api_keys(&self) -> Result<Vec<ApiKey>, DeskError> {
        Ok(self.store.api_keys().await?)
    }

    /// Revokes the key `name`: its system's next request is refused.
    pub async fn revoke_api_key(
        &self,
        name: &str,
        community: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), DeskError> {
        if self.store.revoke_api_key(name, community, now).await? {
            return Ok(());
        }
        Err(bad(
            "name",
            Problem::Argument(format!(
                "no key named `{name}` that is not revoked already; `dutydesk api-key list` lists them"
            )),
        ))
    }

    /// The key a system presents, if it is one (revoked or not: the caller says which).
    pub async fn api_key(&self, key: &str) -> Result<Option<ApiKey>, DeskError> {
        // A key is ASCII of a known length: anything else is no key, without a read.
        if key.len() != KEY_BYTES * 4 / 3 || !key.is_ascii() {
            return Ok(None);
        }
        Ok(self.store.api_key(&key_hash(key)).await?)
    }

    /// Opens a case for a system's report (checked as the desk's own reports are), or finds
    /// the one the same request opened before.
    pub async fn hand_in(
        &self,
        community: Option<&str>,
        report: &Report,
        intake: &Intake,
        now: DateTime<Utc>,
    ) -> Result<Taken, DeskError> {
        let day = self.check_report(report).await?;
        let rules = self.config.rules();
        Ok(self
            .store
            .intake(community, day, report, intake, now, &rules)
            .await?)
    }

    pub async fn requests(&self, query: &RequestQuery) -> Result<Vec<Request>, DeskError> {
        Ok(self.store.requests(query).await?)
    }
}
