//! `dutydesk api-key`: the keys of the systems that hand reports in through Open311.

use chrono::{DateTime, Utc};

use super::ApiKeyCommand;
use super::failure::Failure;
use super::out;
use crate::desk::Desk;

pub(super) async fn run(
    desk: &Desk,
    command: ApiKeyCommand,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    match command {
        ApiKeyCommand::Add {
            name,
            channel,
            community,
        } => {
            let key = desk
                .add_api_key(&name, channel, community.as_deref(), now)
                .await?;
            // The key last on its line: a script takes it with `awk '{print $NF}'`.
            out::println(&format!(
                "{} ({channel}): the key, shown only this once: {key}",
                crate::text::visible(name.trim())
            ))?;
        }
        ApiKeyCommand::List { json } => {
            let keys = desk.api_keys().await?;
            if json {
                out::json(&keys, desk.config.time_zone.0)?;
            } else {
                let zone = desk.config.time_zone.0;
                let day =
                    |t: DateTime<Utc>| t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string();
                let mut text = String::new();
                for k in &keys {
                    let state = k
                        .revoked_at
                        .map_or_else(|| "active".to_string(), |t| format!("revoked {}", day(t)));
                    let community = k
                        .community
                        .as_deref()
                        .map(|c| format!("  {c}"))
                        .unwrap_or_default();
                    text.push_str(&format!(
                        "{}  {}  made {}  {state}{community}\n",
                        crate::text::visible(&k.name),
                        k.channel,
                        day(k.made_at)
                    ));
                }
                if keys.is_empty() {
                    text.push_str(
                        "no keys; `dutydesk api-key add NAME --channel CHANNEL` makes one\n",
                    );
                }
                out::print(&text)?;
            }
        }
        ApiKeyCommand::Revoke { name, community } => {
            desk.revoke_api_key(&name, community.as_deref(), now)
                .await?;
            out::println(&format!("{}: revoked", crate::text::visible(&name)))?;
        }
    }
    Ok(())
}
