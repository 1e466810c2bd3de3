//! `heartsocket-server`: a WebSocket echo/heartbeat server with fault injection, used by
//! heartsocket's browser tests, mini-program simulators, demo page and benchmarks.
//! The contract (endpoints, faults, counters) is `docs/SERVER.md`.

mod burst;
mod control;
mod faults;
mod files;
mod gate;
mod http;
mod registry;
mod stats;
mod ws;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use registry::Shared;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use tokio::net::TcpListener;

const USAGE: &str = "usage: heartsocket-server [--host 127.0.0.1] [--port 8787] [--root DIR]";

/// Command-line options.
struct Args {
    host: String,
    port: u16,
    root: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        host: "127.0.0.1".into(),
        port: 8787,
        root: PathBuf::from("."),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--help" || flag == "-h" {
            return Err(String::new());
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--host" => args.host = value,
            "--port" => args.port = value.parse().map_err(|_| format!("bad --port {value:?}"))?,
            "--root" => args.root = PathBuf::from(value),
            _ => return Err(format!("unknown option {flag:?}")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("heartsocket-server: {msg}");
            }
            eprintln!("{USAGE}");
            return if msg.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("heartsocket-server: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("heartsocket-server: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Binds, announces the address, and accepts until SIGTERM or SIGINT.
async fn serve(args: Args) -> std::io::Result<()> {
    let listener = TcpListener::bind((args.host.as_str(), args.port)).await?;
    let addr = listener.local_addr()?;
    let root = std::path::absolute(&args.root).unwrap_or(args.root);
    let shared = Arc::new(Shared::new(root));
    // Installed before the announcement: a supervisor may signal as soon as it reads it.
    let shutdown = shutdown_signal()?;
    {
        // Tests and scripts parse this exact line; flush so a pipe sees it at once.
        let mut out = std::io::stdout().lock();
        writeln!(out, "heartsocket-server listening on http://{addr}")?;
        out.flush()?;
    }
    tokio::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // Out of descriptors and the like: keep serving the connections we have.
                Err(_) => {
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                    continue;
                }
            },
            () = &mut shutdown => return Ok(()),
        };
        // Round trips are one small frame each way: never let Nagle hold them back.
        let _ = stream.set_nodelay(true);
        let shared = shared.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| http::handle(shared.clone(), req));
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades()
                .await;
        });
    }
}

/// Installs SIGTERM and SIGINT handlers now; the future resolves on either.
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
    })
}
