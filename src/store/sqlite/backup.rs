//! A consistent copy of the live file while desks write: `VACUUM INTO` reads one snapshot
//! (a read transaction, which writers do not wait for) into a new, compact file.

use super::*;

impl SqliteStore {
    /// Copies the database, as of one moment, into `to` (a new file, owner-only), and checks
    /// the copy whole. Gives how many cases the copy holds.
    pub async fn backup(&self, to: &Path) -> Result<i64, StoreError> {
        let exists = std::fs::metadata(to).is_ok_and(|m| m.len() > 0);
        if exists {
            return Err(StoreError::Invalid {
                field: "FILE",
                problem: Problem::Argument(format!(
                    "{} already exists; a backup never overwrites one. Give a new name (with the date in it)",
                    to.display()
                )),
            });
        }
        // A missing folder is a typo in a cron line more often than a wish: never made here.
        if let Some(dir) = to
            .parent()
            .filter(|d| !d.as_os_str().is_empty() && !d.is_dir())
        {
            return Err(StoreError::Invalid {
                field: "FILE",
                problem: Problem::NoFolder(dir.to_path_buf()),
            });
        }
        // Made empty and owner-only first: VACUUM INTO fills an empty file, keeping its mode.
        create_private(to)?;
        let written = sqlx::query("VACUUM INTO ?")
            .bind(to.to_string_lossy().into_owned())
            .execute(&self.pool)
            .await
            .context(&format!("cannot back up to {}", to.display()));
        if let Err(e) = written {
            let _ = std::fs::remove_file(to);
            return Err(e);
        }
        let options = SqliteConnectOptions::new().filename(to).read_only(true);
        let mut copy = SqliteConnection::connect_with(&options)
            .await
            .context(&format!("cannot read the backup {}", to.display()))?;
        let checked = async {
            let lines: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
                .fetch_all(&mut copy)
                .await
                .context("cannot check the backup")?;
            if lines != ["ok"] {
                return Err(StoreError::Damaged {
                    context: format!("checking the backup {}", to.display()),
                    why: lines.join("; "),
                });
            }
            sqlx::query_scalar("SELECT COUNT(*) FROM cases")
                .fetch_one(&mut copy)
                .await
                .context("cannot count the backup's cases")
        }
        .await;
        let _ = copy.close().await;
        checked
    }
}
