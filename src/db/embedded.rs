//! An app-managed PostgreSQL cluster for machines without `DATABASE_URL`: found on the machine,
//! created on first use, listening only on a Unix socket inside its own folder, stopped on exit.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, bail};
use nix::unistd::{Uid, User};
use sqlx::postgres::PgConnectOptions;

const INSTALL_HINT: &str = "PostgreSQL server binaries (initdb, pg_ctl) were not found. \
Install them (Debian/Ubuntu: `apt-get install postgresql`; macOS: `brew install postgresql`) \
or set DATABASE_URL=postgres://user:password@host:5432/sweetspot to use an existing server.";

/// How the cluster is used: a long-lived one keeps data safely; a throwaway one trades
/// durability for speed (tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    Durable,
    Throwaway,
}

/// A running cluster. Dropping it stops the server.
pub struct EmbeddedPostgres {
    data_dir: PathBuf,
    bin_dir: PathBuf,
    run_as: Option<User>,
    started_here: bool,
}

impl EmbeddedPostgres {
    /// Creates the cluster if `data_dir` holds none, and starts it unless it already runs.
    pub fn start(data_dir: &Path, durability: Durability) -> anyhow::Result<Self> {
        let bin_dir = find_bin_dir().context(INSTALL_HINT)?;
        // PostgreSQL refuses to run as root: as root, run the server as the `postgres` user.
        let run_as = if Uid::effective().is_root() {
            Some(
                User::from_name("postgres")
                    .ok()
                    .flatten()
                    .context("running as root, and there is no `postgres` system user to run the embedded PostgreSQL as; create one or set DATABASE_URL")?,
            )
        } else {
            None
        };
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("cannot create the database folder {}", data_dir.display()))?;
        let data_dir = data_dir.canonicalize().with_context(|| format!("cannot resolve {}", data_dir.display()))?;
        if let Some(user) = &run_as {
            nix::unistd::chown(&data_dir, Some(user.uid), Some(user.gid))
                .with_context(|| format!("cannot hand {} to the postgres user", data_dir.display()))?;
        }
        let mut cluster = Self { data_dir, bin_dir, run_as, started_here: false };
        if !cluster.data_dir.join("PG_VERSION").exists() {
            cluster.init_db(durability)?;
        }
        if !cluster.is_running() {
            cluster.start_server(durability)?;
            cluster.started_here = true;
        }
        Ok(cluster)
    }

    /// Connection options for a database of this cluster, over its Unix socket.
    pub fn connect_options(&self, database: &str) -> PgConnectOptions {
        PgConnectOptions::new().socket(&self.data_dir).username("postgres").database(database)
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(self.bin_dir.join(program));
        if let Some(user) = &self.run_as {
            use std::os::unix::process::CommandExt;
            command.uid(user.uid.as_raw()).gid(user.gid.as_raw());
            command.env("HOME", &user.dir);
        }
        command.current_dir(&self.data_dir).stdin(Stdio::null());
        command
    }

    fn init_db(&self, durability: Durability) -> anyhow::Result<()> {
        let mut command = self.command("initdb");
        command.arg("-D").arg(&self.data_dir).args(["-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C"]);
        if durability == Durability::Throwaway {
            command.arg("--no-sync");
        }
        run(command, "initdb")
    }

    fn is_running(&self) -> bool {
        self.command("pg_ctl")
            .arg("status")
            .arg("-D")
            .arg(&self.data_dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map(|status| status.success())
            .unwrap_or(false)
    }

    fn start_server(&self, durability: Durability) -> anyhow::Result<()> {
        let socket_dir = self.data_dir.display().to_string();
        let mut options = format!("-c listen_addresses='' -k '{socket_dir}' -c max_connections=200");
        if durability == Durability::Throwaway {
            options.push_str(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        }
        let mut command = self.command("pg_ctl");
        command
            .arg("start")
            .arg("-w")
            .arg("-D")
            .arg(&self.data_dir)
            .arg("-l")
            .arg(self.data_dir.join("server.log"))
            .arg("-o")
            .arg(options);
        run(command, "pg_ctl start")
            .with_context(|| format!("see {} for the server's own log", self.data_dir.join("server.log").display()))
    }

    /// Stops the server if this process started it.
    pub fn stop(&mut self) {
        if !self.started_here {
            return;
        }
        self.started_here = false;
        let mut command = self.command("pg_ctl");
        command.arg("stop").arg("-m").arg("fast").arg("-D").arg(&self.data_dir);
        if let Err(error) = run(command, "pg_ctl stop") {
            tracing::warn!(error = %error, "embedded PostgreSQL did not stop cleanly");
        }
    }

    /// Starts a watchdog that stops the server when this process dies, however it dies (a killed
    /// run must not leave servers behind). A throwaway cluster's folder is removed as well. Does
    /// nothing when another process started the server (a `migrate` or `tenant create` run next to
    /// a serving process must leave its database running).
    pub fn stop_when_process_exits(&self, durability: Durability) -> anyhow::Result<()> {
        if !self.started_here {
            return Ok(());
        }
        let pid = std::process::id();
        let pg_ctl = self.bin_dir.join("pg_ctl");
        let data_dir = self.data_dir.display();
        let remove = match durability {
            Durability::Throwaway => format!("; rm -rf '{data_dir}'"),
            Durability::Durable => String::new(),
        };
        // /proc rather than `kill -0`: the watchdog may run as another user than this process.
        let script = format!(
            "while [ -e /proc/{pid} ]; do sleep 1; done; '{}' stop -m fast -D '{data_dir}' >/dev/null 2>&1{remove}",
            pg_ctl.display(),
        );
        let mut command = Command::new("sh");
        command.arg("-c").arg(script).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
        if let Some(user) = &self.run_as {
            use std::os::unix::process::CommandExt;
            command.uid(user.uid.as_raw()).gid(user.gid.as_raw());
        }
        command.spawn().context("cannot start the embedded PostgreSQL watchdog")?;
        Ok(())
    }
}

impl Drop for EmbeddedPostgres {
    fn drop(&mut self) {
        self.stop();
    }
}

fn run(mut command: Command, what: &str) -> anyhow::Result<()> {
    let output = command.output().with_context(|| format!("cannot run {what}"))?;
    if !output.status.success() {
        bail!(
            "{what} failed: {}{}",
            String::from_utf8_lossy(&output.stderr).trim(),
            String::from_utf8_lossy(&output.stdout).trim()
        );
    }
    Ok(())
}

/// Finds the folder holding `initdb` and `pg_ctl`: PATH, then `pg_config --bindir`, then the
/// newest `/usr/lib/postgresql/*/bin` (Debian puts them there, outside PATH).
fn find_bin_dir() -> anyhow::Result<PathBuf> {
    let has_tools = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Some(path) = std::env::var_os("PATH")
        && let Some(dir) = std::env::split_paths(&path).find(|dir| has_tools(dir))
    {
        return Ok(dir);
    }
    if let Ok(output) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
        if output.status.success() && has_tools(&dir) {
            return Ok(dir);
        }
    }
    let mut candidates: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            let dir = entry.path().join("bin");
            has_tools(&dir).then_some((version, dir))
        })
        .collect();
    candidates.sort();
    candidates.pop().map(|(_, dir)| dir).context("no PostgreSQL binaries")
}
