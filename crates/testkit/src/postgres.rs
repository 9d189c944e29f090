//! A private PostgreSQL server for one test process.
//!
//! Started on first use (initdb + postgres on a temporary directory and a
//! free loopback port) and stopped when the test process exits: the server
//! runs under a small shell that waits on a pipe from this process, so the
//! pipe closing (normal exit, panic or kill) shuts the server down and
//! removes its directory. Each call to [`postgres`] creates a database of
//! its own, so tests never see each other's ledgers.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

struct Server {
    port: u16,
    bin: PathBuf,
    /// Held for the life of the process: its stdin is the pipe the keeper waits on.
    _keeper: Mutex<Child>,
}

static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();
static NEXT_DB: AtomicUsize = AtomicUsize::new(0);

fn ci() -> bool {
    std::env::var("CI").map(|v| v == "true" || v == "1").unwrap_or(false)
}

/// The newest installed PostgreSQL's bin folder (Debian layout), or one on PATH.
fn find_bin() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Some(bin);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find(|dir| dir.join("initdb").exists() && dir.join("postgres").exists())
}

fn running_as_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0\n")).unwrap_or(false)
}

/// A command run as the `postgres` user when we are root (the server refuses
/// to run as root), else as ourselves.
fn as_server_user(program: &Path, as_root: bool) -> Command {
    if as_root {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

fn start() -> Result<Server, String> {
    let bin = find_bin().ok_or("PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin or on PATH)")?;
    let as_root = running_as_root();
    let dir = std::env::temp_dir().join(format!("contested-pg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    if as_root {
        let status = Command::new("chown").arg("postgres:").arg(&dir).status().map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!("could not hand {} to the postgres user", dir.display()));
        }
    }
    let data = dir.join("data");
    // C collation: text orders by bytes, as it does in SQLite.
    let init = as_server_user(&bin.join("initdb"), as_root)
        .arg("-D")
        .arg(&data)
        .args(["-E", "UTF8", "--locale=C", "-A", "trust", "-U", "postgres", "--no-sync"])
        .output()
        .map_err(|e| format!("running initdb: {e}"))?;
    if !init.status.success() {
        return Err(format!("initdb failed: {}", String::from_utf8_lossy(&init.stderr)));
    }
    let port = free_port()?;
    // The keeper: starts the server, waits for its stdin to close, then
    // stops the server (fast shutdown) and removes the directory.
    let script = format!(
        r#"{postgres} -D "$1" -p {port} -k "$2" -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off >"$2/log" 2>&1 &
pid=$!
cat >/dev/null
kill -INT $pid
wait $pid
rm -rf "$2"
"#,
        postgres = bin.join("postgres").display()
    );
    let mut keeper = as_server_user(Path::new("sh"), as_root)
        .arg("-c")
        .arg(&script)
        .arg("keeper")
        .arg(&data)
        .arg(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("starting postgres: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let ready = Command::new(bin.join("pg_isready"))
            .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-q"])
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if ready {
            break;
        }
        if Instant::now() > deadline || keeper.try_wait().ok().flatten().is_some() {
            let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
            let _ = keeper.stdin.take().map(|mut s| s.flush());
            return Err(format!("postgres did not start on port {port}: {log}"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(Server { port, bin, _keeper: Mutex::new(keeper) })
}

/// A URL to a new, empty database on the test process's private server, or
/// `None` (with a message) when PostgreSQL is not installed. Under CI
/// (`CI=true`) a missing or broken PostgreSQL is a failure, not a skip.
pub fn postgres() -> Option<String> {
    let server = match SERVER.get_or_init(start) {
        Ok(server) => server,
        Err(why) => {
            if ci() {
                panic!("CI=true but no PostgreSQL for the tests: {why}");
            }
            eprintln!("skipping: {why}");
            return None;
        }
    };
    let name = format!("t{}_{}", std::process::id(), NEXT_DB.fetch_add(1, Ordering::Relaxed));
    let created = Command::new(server.bin.join("psql"))
        .args(["-h", "127.0.0.1", "-p", &server.port.to_string(), "-U", "postgres", "-d", "postgres", "-q", "-c"])
        .arg(format!("CREATE DATABASE {name}"))
        .output()
        .expect("psql beside initdb");
    assert!(created.status.success(), "CREATE DATABASE {name}: {}", String::from_utf8_lossy(&created.stderr));
    Some(format!("postgres://postgres@127.0.0.1:{}/{name}", server.port))
}

/// Like [`postgres`], returning early from the test when PostgreSQL is absent.
#[macro_export]
macro_rules! require_postgres {
    () => {
        match $crate::postgres() {
            Some(url) => url,
            None => return,
        }
    };
}
